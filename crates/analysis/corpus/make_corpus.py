#!/usr/bin/env python3
"""Compose the labelled school-safety corpus (school-safety.csv) from hand-written fragments.

Every fragment below was written for this corpus. A comment is one or more statements of its theme,
sometimes framed by who is speaking, sometimes followed by a theme-neutral closer, sometimes with a
passing remark from another theme (people rarely stay on one topic), and then roughened the way people
type: lower case, missing punctuation, typos. The theme label is the comment's main topic.

Deterministic: `python3 make_corpus.py > school-safety.csv` gives the same file every time.
"""

import csv
import random
import sys

SEED = 20261123
PER_THEME = 60
SPANISH_PER_THEME = 8

THEMES = {}

THEMES["keep_officers"] = dict(
    core=[
        "Please keep the school resource officers. My kids feel safer knowing there is an officer on campus.",
        "Our SRO knows every kid by name and the students trust him.",
        "Having an officer in the building means help is seconds away instead of minutes if something terrible happens.",
        "Our SRO is a mentor to a lot of kids who don't have a positive adult in their life.",
        "The officer at the middle school coaches basketball and the kids love him.",
        "Response times out in our part of the county are awful, so having police already at the school matters.",
        "I support the agreement. SROs build relationships that change how young people see police.",
        "With all the school shootings in the news, removing officers would be reckless.",
        "The SRO helped my son when he was being threatened online and handled it quietly.",
        "Officers on campus deter people from coming onto the grounds to cause trouble.",
        "I was skeptical at first but our resource officer has been a calm, friendly presence.",
        "Students should get to know police as people, not only when something goes wrong.",
        "Keep them. Teachers can't be expected to confront an intruder with a gun.",
        "The SRO is part of the school family. He eats lunch with the kids and shows up at the games.",
        "Kids need to see that police are there to protect them.",
        "I feel safer teaching knowing the officer is right down the hall.",
        "Our SRO has broken up several fights before they got serious and nobody was arrested.",
        "Removing officers because of problems in other cities punishes our schools for something that didn't happen here.",
        "An armed, trained officer is the best protection we have against an active shooter.",
        "The officer at the high school has talked more kids out of bad decisions than anyone will ever know.",
        "I want a police officer at every school, including the elementary schools.",
        "Every parent I talk to wants the officers to stay.",
        "SROs are the first line of defense and they know the building better than a patrol car coming from across town.",
        "When there was a threat last spring the SRO was already there and the school was secured in minutes.",
        "He's not there to arrest kids, he's there to keep them safe, and most students get that.",
        "Please don't let a loud minority take away something that keeps our kids safe.",
        "My daughter says the SRO is the adult she trusts most at school.",
        "Having a uniformed officer out front at dismissal keeps strangers away.",
        "Officers bring a calm in an emergency that the rest of the staff simply isn't trained for.",
        "Honestly the SRO is one of the reasons we picked this school.",
        "Keep the program and expand it. More officers, not fewer.",
        "The resource officer teaches the internet safety and drug prevention lessons, and the kids actually listen to him.",
        "Our officer is the first one to check on a kid who seems off. That's community policing at its best.",
        "I grew up with an SRO at my school and he was the reason I stayed out of trouble.",
        "Safety is the first job of a school, and the officers are a big part of that.",
    ],
    short=[
        "Keep the SROs!",
        "Officers keep our kids safe.",
        "keep our officer please",
        "Keep police in our schools.",
        "I support keeping the SRO at every school.",
    ],
    extra=[
        "They are part of the community.",
        "I don't understand why this is even up for debate.",
        "Safety has to come first.",
        "You can't put a price on a child's life.",
        "It only takes one incident.",
        "Most kids like having them around.",
        "Please renew the agreement.",
        "They do a lot more than people realize.",
    ],
    es=[
        "Por favor mantengan a los oficiales en las escuelas. Mis hijos se sienten más seguros con un policía en el edificio.",
        "El oficial de la escuela conoce a los estudiantes por su nombre y ellos le tienen confianza.",
        "Con tantos tiroteos en las noticias, quitar a la policía de las escuelas sería un error muy grave.",
        "Apoyo el acuerdo. Un oficial en la escuela puede responder en segundos si pasa algo.",
        "Mi hijo dice que el oficial es amable y lo ayudó cuando tuvo un problema con otro muchacho.",
        "Quiero que haya un policía en cada escuela, también en las primarias.",
        "Los oficiales protegen a nuestros niños, no los quiten.",
        "El oficial habla con los jóvenes y les da buenos consejos, es un buen ejemplo para ellos.",
        "Me siento tranquila cuando veo al oficial en la entrada a la hora de salida.",
        "Los maestros no pueden enfrentar a una persona armada, necesitamos al oficial.",
    ],
    es_extra=["La seguridad es primero.", "Son parte de la comunidad.", "Por favor renueven el acuerdo."],
)

THEMES["remove_officers"] = dict(
    core=[
        "Police do not belong in schools. Students should not be criminalized for normal teenage behavior.",
        "Black and brown students are arrested and referred at far higher rates when officers are on campus.",
        "Having armed police in the hallways makes a lot of students feel watched, not safe.",
        "Things that used to mean a trip to the principal's office now turn into a police report.",
        "The school-to-prison pipeline is real and SROs are a big part of it.",
        "My son was handcuffed at school over a shoving match that the vice principal should have handled.",
        "Students with disabilities get restrained and arrested when their behavior is part of their disability.",
        "My parents are undocumented and seeing police at school scares my whole family.",
        "There's no good evidence that SROs prevent school shootings.",
        "End the contract and let schools be places of learning, not surveillance.",
        "Kids of color in our district already get suspended more, adding police makes it worse.",
        "Officers are trained to enforce the law, not to support children who are struggling.",
        "A teenager should be able to make a mistake without ending up with a record.",
        "I don't feel safe around police and I shouldn't have to see them every day at school.",
        "Every time there's a cop in the hallway my friends change which way they walk.",
        "Police presence turns discipline issues into criminal issues.",
        "Remove SROs. The harm to the students who get targeted outweighs any benefit.",
        "Ask the students who are most affected, not just the parents who feel reassured.",
        "Trans and queer students have told me they avoid the office where the officer sits.",
        "Why should a 12 year old be talking to a cop without their parents there?",
        "The arrest numbers at our schools should be reason enough to end this.",
        "Having police at school normalizes treating children like suspects.",
        "Immigrant families stop coming to school events when police are around.",
        "I was searched by the SRO in 9th grade for no reason and I still think about it.",
        "Schools with officers send way more kids to juvenile court for minor stuff.",
        "We need fewer cops and more trust. Take the officers out.",
        "Police in schools hurt the kids who already have the least.",
        "This program criminalizes students for vaping and talking back.",
        "Armed officers are traumatic for students who have had bad experiences with police outside of school.",
        "Officers writing tickets to middle schoolers for disorderly conduct is absurd.",
        "I'm a Black parent and I don't want my son's first contact with police to be in a school hallway.",
        "The SRO program treats our kids as threats instead of as children.",
    ],
    short=[
        "No cops in schools. Full stop.",
        "Police out of schools",
        "end the SRO program",
        "Remove the officers.",
        "Cops out!!",
    ],
    extra=[
        "This isn't about any one officer, it's about the system.",
        "Look at who gets arrested.",
        "The research is pretty clear on this.",
        "Students deserve better.",
        "It's time to end this.",
        "Listen to the students who are hurt by this.",
    ],
    es=[
        "La policía no debe estar en las escuelas. Los estudiantes no son criminales.",
        "Mi familia tiene miedo cuando ve policías en la escuela por nuestro estatus migratorio.",
        "Los estudiantes latinos y afroamericanos son arrestados mucho más cuando hay oficiales en la escuela.",
        "Un error de un adolescente no debe terminar en un registro policial.",
        "Quiten a los oficiales. Los niños se sienten vigilados, no protegidos.",
        "Muchas familias inmigrantes ya no vienen a los eventos escolares porque hay policía.",
        "A mi hija la esposaron en la escuela por una pelea, eso no es justo.",
        "Las escuelas deben ser lugares para aprender, no para castigar con la policía.",
        "No queremos policías armados en los pasillos de nuestros hijos.",
    ],
    es_extra=["Ya basta.", "Escuchen a los estudiantes.", "Nuestros hijos no son delincuentes."],
)

THEMES["mental_health"] = dict(
    core=[
        "We need more counselors, not more police. Our counselor has over 400 students.",
        "Kids have been struggling with anxiety and depression since the pandemic and there is nobody to talk to.",
        "Hire social workers and school psychologists who can actually help students in crisis.",
        "Most of what makes students unsafe is untreated mental health problems.",
        "My daughter waited three weeks to see the school counselor after a panic attack.",
        "Every school should have a full-time mental health professional on site.",
        "When a student is in crisis, the person who shows up should be a counselor, not an officer.",
        "Teachers are being asked to be therapists and we are not trained for that.",
        "The wellness center at the high school is always full. Fund more of those.",
        "Suicide prevention should be the top safety priority.",
        "Students need someone they can trust to talk to about what's going on at home.",
        "A police officer can't fix the reasons kids act out. Counselors and nurses can.",
        "Put money into peer support programs and mental health days.",
        "My son has an IEP and what he needs is a behavior specialist, not security.",
        "Counselors spend all their time on schedules instead of actually counseling kids.",
        "A yearly mental health screening for every student would catch a lot.",
        "We lost a student to suicide last year. Safety means mental health support.",
        "Partner with community mental health agencies so kids can get therapy during the school day.",
        "Kids who feel connected and supported don't become threats.",
        "Social-emotional learning should be part of every day, not a once-a-month assembly.",
        "There should be a quiet room and a trained adult for students who are overwhelmed.",
        "Bring back a full-time nurse at every building, they see so much.",
        "Students in crisis need care, not consequences.",
        "A crisis team with a social worker would handle most of these calls better than the police.",
        "Anxiety is through the roof. My kid gets stomachaches every morning before school.",
        "Staff need training in trauma-informed practices so they recognize what kids are carrying.",
        "Make it easy to see a therapist without a months-long waitlist.",
        "Half my students are running on no sleep and a lot of stress. That's the real safety issue.",
        "My son talks to the counselor once a week and it has changed everything for him.",
        "School psychologists are stuck doing testing all year, let them do prevention too.",
    ],
    short=[
        "More counselors please.",
        "Mental health first.",
        "hire more social workers",
        "Counselors not cops",
        "Fund mental health support.",
    ],
    extra=[
        "That's what prevents violence in the long run.",
        "Prevention is cheaper than reaction.",
        "Kids are not okay right now.",
        "The need is huge.",
        "Please take this seriously.",
    ],
    es=[
        "Necesitamos más consejeros y psicólogos en las escuelas, no más policías.",
        "Mi hijo sufre de ansiedad y no hay nadie en la escuela que lo pueda atender.",
        "La salud mental de los estudiantes debe ser la prioridad de seguridad.",
        "Por favor contraten consejeros que hablen español para las familias.",
        "Los jóvenes necesitan a alguien de confianza para hablar de sus problemas.",
        "Después de la pandemia muchos niños están deprimidos y necesitan apoyo.",
        "Un trabajador social puede ayudar más a un estudiante en crisis que un oficial.",
        "Deberían tener una enfermera y un consejero de tiempo completo en cada escuela.",
        "Mi hija tuvo que esperar semanas para ver a la consejera.",
    ],
    es_extra=["Los niños no están bien.", "La prevención es lo más importante.", "Es urgente."],
)

THEMES["training_accountability"] = dict(
    core=[
        "If we keep officers they need real training in adolescent development and de-escalation.",
        "Every SRO should complete crisis intervention training before they are placed in a school.",
        "Officers should be trained to work with students with disabilities and autism.",
        "There needs to be a clear way for families to file a complaint about an officer.",
        "Publish the data every year: arrests, citations, use of force, broken down by race and disability.",
        "The agreement should spell out that officers do not handle school discipline.",
        "Body cameras should be on whenever an officer interacts with a student.",
        "Who evaluates the officer's performance? The principal should have a say.",
        "Officers should be chosen carefully for this job, not just whoever is available.",
        "Implicit bias training should be required and refreshed every year.",
        "The district should track every time an officer is called and why.",
        "There should be an independent review any time an officer uses force on a student.",
        "Make the training records public so parents can see which officers have completed what.",
        "The contract needs clear rules on when officers can question or search students.",
        "I'd support SROs only with strict limits and real accountability.",
        "Officers should not be allowed to use pepper spray or tasers on students.",
        "Train officers in restorative practices so they understand how the school handles conflict.",
        "Principals and officers need a shared protocol so every school handles incidents the same way.",
        "Require an annual report to the board on what the program actually achieved.",
        "Students should be on the panel that interviews and selects the officers.",
        "Hold officers to the same standards as school staff when it comes to how they talk to kids.",
        "Officers need cultural competency training specific to our community.",
        "There is zero transparency about what the SROs actually do all day.",
        "What happens when an officer breaks the agreement? There need to be consequences.",
        "Require the SRO-specific training the state law lists, and verify it before an officer starts.",
        "A community oversight committee with students and parents should review the program.",
        "Keep the program but measure it. What are the outcomes?",
        "De-escalation first, always. That has to be written into the agreement.",
        "The complaint process is a mystery, nobody knows who investigates or what happens after.",
        "Log every search and every time a student is questioned, and report it.",
    ],
    short=[
        "Training and accountability.",
        "Body cams on SROs.",
        "De-escalation training for all officers",
        "Publish the data.",
        "accountability please",
    ],
    extra=[
        "Without accountability this won't work.",
        "Transparency builds trust.",
        "Put it in writing.",
        "The details matter.",
        "Other districts already do this.",
    ],
    es=[
        "Los oficiales deben recibir capacitación en cómo tratar a jóvenes y a estudiantes con discapacidades.",
        "Debe haber una forma clara para que los padres presenten una queja sobre un oficial.",
        "Publiquen cada año los datos de arrestos y uso de fuerza por raza.",
        "El acuerdo debe decir claramente que los oficiales no se encargan de la disciplina escolar.",
        "Quiero saber qué entrenamiento han completado los oficiales.",
        "Si se quedan los oficiales, necesitamos reglas claras y rendición de cuentas.",
        "Los oficiales deben usar cámaras corporales cuando hablan con estudiantes.",
        "Debe haber un comité de la comunidad que revise el programa cada año.",
        "¿Quién investiga cuando un oficial trata mal a un estudiante?",
    ],
    es_extra=["Queremos transparencia.", "Pónganlo por escrito.", "Los detalles importan."],
)

THEMES["bullying_fights"] = dict(
    core=[
        "Bullying is the biggest safety problem at my son's school and nobody does anything about it.",
        "Fights get recorded and posted online and the kids who film them get no consequences.",
        "My daughter is harassed every day on the bus and the school says they can't do anything.",
        "Restorative circles have worked better than suspensions at our school.",
        "Students need to know that if they report bullying something will actually happen.",
        "Racist comments and slurs in the hallways make students of color feel unsafe.",
        "Cyberbullying on Snapchat follows kids home and right back into school.",
        "There is a fight almost every week in the cafeteria.",
        "Teachers see the bullying and look away because they don't get backed up by the office.",
        "Kids who bully others need consequences and support, not just a talk.",
        "The anonymous reporting app is great but nobody seems to check it.",
        "LGBTQ students get harassed in the locker rooms constantly.",
        "More adults in the hallways between classes would stop a lot of the pushing and fights.",
        "My son was jumped after school and we were told it happened off campus so it's not their problem.",
        "We need consistent discipline. Right now it depends on who you are.",
        "Bullying prevention has to start in elementary school.",
        "The bathrooms are where most of the bullying happens because there are no adults.",
        "Peer mediation helped my kid resolve a conflict before it got physical.",
        "Suspending a kid for a week just gives them a vacation and they come back angrier.",
        "Students are afraid to report because then they become the target.",
        "Staff should be trained to step in when they see harassment.",
        "The school has to call the parents of both kids the same day when there's a fight.",
        "Threats made online should be taken seriously and looked into by the school.",
        "My kid eats lunch in the library because the cafeteria is where she gets picked on.",
        "Zero tolerance for bullying, enforced equally for everyone.",
        "Teach kids conflict resolution skills early, before things blow up.",
        "The number of fights this year is out of control, the adults have lost the hallways.",
        "My son has autism and other kids torment him, it's been going on since fall.",
        "Girls are being sexually harassed in the halls and it gets brushed off as joking.",
        "There are fight pages on Instagram for our school. The administration knows and does nothing.",
    ],
    short=[
        "Stop the bullying.",
        "too many fights",
        "Do something about the bullies",
        "Bullying is out of control.",
        "Address bullying!!",
    ],
    extra=[
        "It's every day.",
        "Nobody follows up.",
        "Kids notice when adults don't act.",
        "This has to stop.",
        "It's been going on for months.",
    ],
    es=[
        "A mi hija le hacen bullying todos los días y la escuela no hace nada.",
        "Hay peleas casi cada semana y los estudiantes las graban con el teléfono.",
        "Los niños tienen miedo de reportar el acoso porque después los molestan más.",
        "Necesitamos más adultos en los pasillos y en los baños para evitar peleas.",
        "El acoso por redes sociales sigue a los estudiantes hasta la casa.",
        "Mi hijo fue golpeado por otros estudiantes al salir de la escuela.",
        "Los círculos restaurativos ayudan más que las suspensiones.",
        "Los comentarios racistas en los pasillos hacen que los estudiantes se sientan inseguros.",
        "Mi hijo tiene autismo y otros niños se burlan de él todos los días.",
    ],
    es_extra=["Esto tiene que parar.", "Nadie hace nada.", "Pasa todos los días."],
)

THEMES["building_security"] = dict(
    core=[
        "The front doors are propped open all the time. Anyone could walk in.",
        "Every school needs a single secured entrance with a buzzer and a camera.",
        "Lockdown drills should happen more often and be done in a way that doesn't terrify the little ones.",
        "Install more cameras in the parking lot and the back hallways.",
        "Visitors should have to show ID and get a badge, every time, no exceptions.",
        "Classroom doors should lock from the inside. Teachers shouldn't have to step into the hall with a key.",
        "Our portables have no way to lock down and no intercom.",
        "Metal detectors at the high school entrances would stop weapons from coming in.",
        "The fence around the elementary playground has had a gap in it for two years.",
        "Substitutes don't know the emergency procedures and don't have keys.",
        "Put shatter-resistant film on the glass by the main entrance.",
        "There should be a panic button in every classroom that goes straight to 911.",
        "The radios don't work in half the building, so during the last lockdown staff couldn't communicate.",
        "Clear backpacks would make it harder to bring a weapon to school.",
        "Share the emergency plans with families so we know where to pick up our kids.",
        "The campus is wide open with buildings spread out everywhere. It needs to be fenced.",
        "Student ID badges should be required and actually checked.",
        "Vape detectors in the bathrooms would help more than anything.",
        "Do a security audit of every building and publish what needs fixing.",
        "Kids let people in through the side door. Someone has to check the doors every period.",
        "Evacuation routes aren't posted in a lot of rooms.",
        "The front office can't even see the main entrance from where they sit.",
        "Fix the broken locks before spending money on anything else.",
        "There's no lighting in the back parking lot after evening games.",
        "Cameras that detect firearms are worth looking into.",
        "The bus loop and drop-off area is chaos and anyone can walk onto campus.",
        "Half the classroom doors at my school don't even close all the way.",
        "We did a lockdown drill and my room couldn't hear the announcement at all.",
        "Put a staffed check-in desk at the entrance during the school day.",
        "The gym doors are left open for PE and nobody watches them.",
    ],
    short=[
        "Lock the doors.",
        "Fix the locks",
        "More cameras",
        "Secure the entrances.",
        "Single point of entry at every school",
    ],
    extra=[
        "This is basic.",
        "It's been reported many times.",
        "It wouldn't cost much.",
        "Anyone could get in.",
        "I've told the office about it twice.",
    ],
    es=[
        "Las puertas de la escuela siempre están abiertas y cualquiera puede entrar.",
        "Deberían instalar más cámaras en el estacionamiento y los pasillos.",
        "Los visitantes deben mostrar identificación cada vez que entran a la escuela.",
        "Los salones deben tener cerraduras que se cierren por dentro.",
        "Hay que practicar los simulacros de encierro sin asustar a los niños pequeños.",
        "La cerca del patio tiene un hueco desde hace mucho tiempo.",
        "Detectores de metales en la entrada evitarían que entren armas.",
        "Necesitamos una sola entrada con timbre y cámara en cada escuela.",
        "No hay luz en el estacionamiento cuando salimos de los eventos en la noche.",
    ],
    es_extra=["Es algo básico.", "Cualquiera puede entrar.", "Ya lo reportamos varias veces."],
)

THEMES["family_communication"] = dict(
    core=[
        "Parents should be notified right away when police talk to their child at school.",
        "We found out about the lockdown from a kid's text message, not from the school.",
        "Communication during emergencies is terrible. Text the parents immediately.",
        "Hold meetings at times working parents can actually attend, and offer childcare.",
        "Spanish speaking families get left out because everything is sent in English first.",
        "Please make the draft agreement easy to find and explain it in plain language.",
        "I didn't even know we had officers in the schools until this survey.",
        "A parent should be in the room before any student is questioned by police.",
        "Send out a summary of what was decided after this so we know we were heard.",
        "The district asks for input and then does what it was going to do anyway.",
        "Hold community meetings at each school, not just one at the district office.",
        "Tell parents what the SRO actually does. Most of us have no idea.",
        "Interpreters should be available at every meeting and on the phone.",
        "Let students present to the board, they're the ones living it.",
        "The emails from the principal are so vague. Just tell us what happened.",
        "There should be a parent advisory group on school safety that meets every month.",
        "Translate all safety notices into the languages our families speak.",
        "Families should have a say in whether our school has an officer.",
        "After an incident, families need facts within hours, not rumors for days.",
        "Thank you for asking for feedback. Please do this every year.",
        "Use the app parents already have, not another website we have to log into.",
        "I want to know how this feedback will actually be used.",
        "Call me, don't just email. Not everyone checks email.",
        "Parents of kids with IEPs should be told what role officers play in behavior plans.",
        "This survey should have gone out earlier, a week is not enough time.",
        "Make the reports about the program short enough for a busy parent to read.",
        "Nobody told us there was a threat until it was on the news.",
        "Invite families to walk through the safety plan at back to school night.",
    ],
    short=[
        "Tell parents what's happening.",
        "Better communication please",
        "Text parents during lockdowns",
        "Keep families informed.",
        "communicate with us!!",
    ],
    extra=[
        "We want to be partners.",
        "Keep us in the loop.",
        "Parents are not the enemy.",
        "We find out everything secondhand.",
        "It shouldn't be this hard to get information.",
    ],
    es=[
        "Los padres deben ser notificados inmediatamente cuando la policía habla con su hijo.",
        "Toda la información llega en inglés primero y las familias hispanas quedamos fuera.",
        "Por favor hagan las reuniones en horarios en que los padres que trabajan puedan asistir.",
        "Nos enteramos del encierro por un mensaje de un estudiante, no por la escuela.",
        "Necesitamos intérpretes en todas las reuniones.",
        "Queremos saber cómo van a usar nuestras opiniones.",
        "Manden mensajes de texto a los padres cuando hay una emergencia.",
        "No sabía que había oficiales en las escuelas hasta esta encuesta.",
        "Los correos de la escuela nunca explican lo que pasó.",
    ],
    es_extra=["Queremos ser parte.", "Mantengan informados a los padres.", "Gracias por preguntar."],
)

THEMES["funding_contract"] = dict(
    core=[
        "How much does the SRO contract cost the district every year? That number should be public.",
        "The money spent on police could pay for two counselors at every middle school.",
        "Why is the district paying for officers when the city should be covering it?",
        "With budget cuts and layoffs, paying for police is the wrong priority.",
        "The contract with the police department should be renegotiated so the city pays its share.",
        "The agreement should have a one-year term with a real review before renewal.",
        "Our teachers are buying supplies out of pocket while we fund a police contract.",
        "Show the full cost including overtime, cars and equipment.",
        "The levy money was supposed to go to classrooms, not security contracts.",
        "I'd rather the district use this money to make class sizes smaller.",
        "Split the cost with the county sheriff since they benefit too.",
        "What does the district actually get for this money? Compare it to other uses.",
        "The contract lets the police department bill the district for events that have nothing to do with safety.",
        "The budget for this program goes up every year and nobody explains why.",
        "The contract should include a way to end it early if it isn't working.",
        "Spend the money on fixing the buildings first.",
        "A grant paid for this at the start. What happens when the grant runs out?",
        "It is a small part of the budget and worth every penny.",
        "The district shouldn't sign a contract the public hasn't seen.",
        "Ask the state for funding instead of taking it out of the general fund.",
        "Officers are paid more than teachers and that shows what the district values.",
        "Before renewing the contract, publish an analysis of the costs and benefits.",
        "The language about payment and overtime in the MOA is confusing. Who pays for the summer months?",
        "Use the money for after school programs, sports and jobs for teens.",
        "Taxpayers deserve to know exactly what this costs.",
        "Put the contract on the board agenda as an action item, not buried in the consent agenda.",
        "We just closed a school to save money, and this contract got renewed without a discussion.",
        "Is the district paying for the officer's time when school is out? Read the invoice.",
    ],
    short=[
        "Show us the cost.",
        "Too expensive.",
        "Spend the money on teachers",
        "What does this cost??",
        "Cut the contract, fund classrooms.",
    ],
    extra=[
        "Follow the money.",
        "Budgets are moral documents.",
        "Every dollar counts.",
        "It's our tax money.",
        "The numbers should be on the website.",
    ],
    es=[
        "¿Cuánto cuesta el contrato con la policía cada año? Esa cifra debería ser pública.",
        "Con ese dinero se podrían contratar más maestros y consejeros.",
        "La ciudad debería pagar por los oficiales, no el distrito escolar.",
        "Hay recortes de presupuesto y el distrito sigue pagando por la policía.",
        "El contrato debe revisarse cada año antes de renovarlo.",
        "Prefiero que usen el dinero para programas después de clases.",
        "Los impuestos que pagamos deben ir a los salones de clase.",
        "Quieren despedir maestros pero no tocan el contrato de la policía.",
        "Publiquen cuánto se paga en horas extra a los oficiales.",
    ],
    es_extra=["Es nuestro dinero.", "Cada dólar cuenta.", "Queremos ver las cuentas."],
)

SPEAKERS = [
    "I'm a parent of two kids in the district.",
    "Parent of a freshman here.",
    "I teach at the middle school.",
    "I'm a junior.",
    "I've worked in this district for 15 years.",
    "Grandparent here, raising my grandson.",
    "Community member, no kids in school anymore.",
    "I'm a senior at the high school.",
    "I'm on the PTA at our elementary.",
    "Bus driver for the district.",
    "I'm a paraeducator in a special ed classroom.",
    "School nurse here.",
    "Former student, class of 2019.",
    "Mom of three.",
    "I work in the front office at an elementary school.",
    "Coach and teacher.",
    "I'm in 8th grade.",
    "Dad of a kindergartner.",
    "Retired teacher.",
    "Longtime resident and taxpayer.",
]
SPEAKERS_ES = [
    "Soy madre de dos estudiantes.",
    "Soy estudiante de la preparatoria.",
    "Soy padre de familia.",
    "Trabajo en la cafetería de la escuela.",
    "Soy maestra de primaria.",
    "Tengo un nieto en la secundaria.",
]
CLOSERS = [
    "Thanks.",
    "Thank you for asking.",
    "Please listen to us.",
    "Just my opinion.",
    "Please consider this.",
    "Our kids deserve better.",
    "Thank you for the opportunity to comment.",
    "I hope this helps.",
    "That's all I have.",
]
CLOSERS_ES = ["Gracias.", "Gracias por preguntar.", "Por favor escúchennos.", "Nuestros hijos merecen lo mejor."]

MISSPELL = {
    "definitely": "definately",
    "because": "becuase",
    "their": "there",
    "a lot": "alot",
    "received": "recieved",
    "separate": "seperate",
    "counselors": "councelors",
    "counselor": "councilor",
    "officers": "oficers",
    "really": "realy",
    "believe": "beleive",
    "until": "untill",
    "going to": "gonna",
    "you": "u",
    "school": "scool",
    "harassed": "harrassed",
    "police": "polic",
}


SWAPS = {
    "kids": ["students", "children", "kids"],
    "students": ["kids", "students"],
    "parents": ["families", "parents"],
    "a lot of": ["lots of", "so many", "a lot of"],
    "cop": ["cop", "police officer"],
    "actually": ["actually", "really", ""],
    "every": ["every", "each"],
}
HEDGES = ["I think ", "Honestly, ", "I really believe ", "In my opinion ", "I feel like ", "To be honest "]
HEDGES_ES = ["Creo que ", "Pienso que ", "La verdad, "]


def vary(rng, sentence, spanish):
    """Say the same thing in slightly different words, as different people would."""
    if not spanish:
        for word, options in SWAPS.items():
            if f" {word} " in sentence and rng.random() < 0.35:
                sentence = sentence.replace(f" {word} ", f" {rng.choice(options)} ".replace("  ", " "), 1)
    if rng.random() < 0.15 and not sentence.startswith(("I ", "I'", "SRO", "LGBTQ", "Black", "¿", "Spanish")):
        hedge = rng.choice(HEDGES_ES if spanish else HEDGES)
        sentence = hedge + sentence[0].lower() + sentence[1:]
    return sentence


def typo(rng, text):
    """One or two slips of the fingers: a known misspelling or two letters swapped."""
    for _ in range(rng.choice([1, 1, 2])):
        known = [w for w in MISSPELL if f" {w} " in f" {text} "]
        if known and rng.random() < 0.6:
            w = rng.choice(known)
            text = f" {text} ".replace(f" {w} ", f" {MISSPELL[w]} ", 1).strip()
            continue
        words = text.split(" ")
        long_ones = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
        if long_ones:
            i = rng.choice(long_ones)
            w = words[i]
            j = rng.randrange(1, len(w) - 2)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
            text = " ".join(words)
    return text


def roughen(rng, text):
    """People type in different registers: some all lower case, some without the last stop, some shouting."""
    r = rng.random()
    if r < 0.15:
        text = text.lower()
    elif r < 0.2:
        text = text.replace("please", "PLEASE").replace("Please", "PLEASE")
    if rng.random() < 0.15:
        text = typo(rng, text)
    if rng.random() < 0.15 and text.endswith("."):
        text = text[:-1]
    if rng.random() < 0.05:
        text = text.replace(". ", ".. ", 1)
    return text


def compose(rng, theme, others, spanish):
    """One comment of `theme`: statements of the theme, maybe framed, maybe with a remark from elsewhere."""
    t = THEMES[theme]
    core = t["es"] if spanish else t["core"]
    extra = t["es_extra"] if spanish else t["extra"]
    speakers = SPEAKERS_ES if spanish else SPEAKERS
    closers = CLOSERS_ES if spanish else CLOSERS
    if not spanish and rng.random() < 0.1:
        short = rng.choice(t["short"])
        return short, roughen(rng, short)
    parts = []
    if rng.random() < 0.3:
        parts.append(rng.choice(speakers))
    first = rng.choice(core)
    parts.append(vary(rng, first, spanish))
    r = rng.random()
    if r < 0.25:
        second = rng.choice([c for c in core if c != first])
        parts.append(vary(rng, second, spanish))
    elif r < 0.55:
        parts.append(rng.choice(extra))
    if not spanish and rng.random() < 0.07:
        # a passing remark on another theme, as people do; the label stays the main topic
        parts.append(rng.choice(THEMES[rng.choice(others)]["extra"]))
    if rng.random() < 0.2:
        parts.append(rng.choice(closers))
    text = " ".join(parts)
    return text, roughen(rng, text)


def main():
    rng = random.Random(SEED)
    rows = []
    seen = set()
    names = list(THEMES)
    for theme in names:
        others = [n for n in names if n != theme]
        made = 0
        while made < PER_THEME:
            spanish = made < SPANISH_PER_THEME
            plain, text = compose(rng, theme, others, spanish)
            if plain.lower() in seen:
                continue
            seen.add(plain.lower())
            rows.append((text, theme))
            made += 1
    rng.shuffle(rows)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["id", "text", "theme"])
    for i, (text, theme) in enumerate(rows, start=1):
        out.writerow([f"c{i:04d}", text, theme])


if __name__ == "__main__":
    main()
