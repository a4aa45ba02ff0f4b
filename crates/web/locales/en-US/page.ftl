# The public program page and its edit form.
page-title = School Safety and Security Staff Program
page-intro-law = Washington's law (RCW 28A.320.124, as amended by ESHB 1214 in 2021) sets out how a school district that works with school resource officers and other school safety and security staff runs its program: a board policy, a yearly agreement with each agency adopted with the community's input, required training verified before anyone works in a school, and yearly data on calls for law-enforcement service and complaints.
page-intro-equity = The legislature notes that schools should be a place in which all youth feel safe. With racial equity as a central component of safety and security planning, all school safety and security staff must not contribute to an unsafe environment for Black youth and youth of color.
page-contents = On this page
page-have-your-say = Have your say
page-open-exchanges = Open community exchanges
page-no-open-exchanges = No exchange is open right now.
page-what-is = What is a school resource officer?
page-sro-short = A school resource officer (SRO) is a police officer or sheriff's deputy assigned to work in a school. School safety and security staff also include the district's own security officers and contracted security.
page-legal-definition = The legal definition
page-sro-definition = "A school resource officer is a commissioned law enforcement officer in the state of Washington with sworn authority to make arrests, deployed in community-oriented policing, and assigned by the employing police department or sheriff's office to work in schools to address crime and disorder problems, gangs, and drug activities affecting or occurring in or around K-12 schools. School resource officers should focus on keeping students out of the criminal justice system when possible and should not be used to attempt to impose criminal sanctions in matters that are more appropriately handled within the educational system."
page-sro-definition-source = RCW 28A.320.124
page-security-officer-definition = A district employee who keeps schools safe and secure, without the power to make arrests.
page-contracted-definition = Security staff employed by a company the district contracts with.
page-duties = What our staff do
page-primary-duties = Primary duties
page-secondary-duties = Secondary duties
page-duties-not-written = The district has not described these duties yet.
page-discipline = Discipline and when staff step in
page-discipline-1 = School resource officers do not take part in formal school discipline: that is the responsibility of school administrators.
page-discipline-2 = A school resource officer's role is that of a teacher, an informal counselor and a law-enforcement officer.
page-discipline-3 = A trained school resource officer knows when to interact informally with students to reinforce school rules and when to enforce the law.
page-intervention = When teachers and administrators may ask staff to intervene
page-intervention-not-written = The district has not written this procedure on this page yet.
page-who = Who works in our schools
page-nobody-placed = Nobody is assigned to a school at the moment.
page-school = School
page-staff-type = Staff
page-employer = Employer
page-people = People
page-days-per-week = Days per week
page-names = Names
page-training = Training
page-training-law = Washington requires every school safety and security staff member to complete a series of training topics: the classroom topics within 6 months of their first day on site with students, and on-the-job training (and, for staff who are not officers, check-ins with experienced staff) within 12 months. The district verifies the training before anyone is assigned to a school, or requires an approved plan to complete it.
page-training-completed = { $completed } of { $staff } staff working in our schools have completed the series.
page-training-waived = { $count ->
    [one] { $shown } of them had part of it waived for significant prior training.
   *[other] { $shown } of them had part of it waived for significant prior training.
}
page-training-on-plan = { $count ->
    [one] { $shown } person is completing it on an approved plan.
   *[other] { $shown } people are completing it on an approved plan.
}
page-training-in-progress = { $count ->
    [one] { $shown } person is within their deadline and not yet finished.
   *[other] { $shown } people are within their deadline and not yet finished.
}
page-training-overdue = { $count ->
    [one] { $shown } person is past a deadline.
   *[other] { $shown } people are past a deadline.
}
page-training-by-person = Each person's training
page-training-series = The training series
page-training-verified = It is the responsibility of each agency to see that its staff have the training, and the district's to verify it before engaging anyone in a school.
page-reports = Yearly reports
page-reports-what = Each year the district reports the calls for law-enforcement service at its schools and the outcome for each student, including arrests and referrals for prosecution, by school, offense type, race, gender, age and disability (IEP or 504 plan). Small numbers are hidden so that no student can be identified.
page-complaints = How to file a complaint
page-complaints-standard = Families, students and anyone else can file a complaint about school safety and security staff with the school and with the staff member's agency or company. The district investigates every complaint and answers in writing.
page-generated = This page is generated from the district's records and is always current.
page-not-yet-translated = Not yet translated: shown in { $language }.
wa-topic-a = Constitutional and civil rights of children in schools, including search and interrogation
wa-topic-b = Child and adolescent development
wa-topic-c = Trauma-informed approaches to working with youth
wa-topic-d = Recognizing and responding to youth mental health issues
wa-topic-e = Educational rights of students with disabilities; disability and behavior; best practices
wa-topic-f = Bias-free policing and cultural competency, including English learner, LGBTQ, immigrant, female and nonbinary students
wa-topic-g = Local and national disparities in the use of force and arrests of children
wa-topic-h = Collateral consequences of arrest, referral for prosecution and court involvement
wa-topic-i = Community resources as alternatives to arrest and prosecution
wa-topic-j = De-escalation techniques when working with youth
wa-topic-k = Restraint and isolation in schools (RCW 28A.600.485)
wa-topic-l = Family Educational Rights and Privacy Act (FERPA)
wa-topic-m = Restorative justice principles and practices
wa-topic-ojt = On-the-job training (days)
wa-topic-check_ins = Check-ins with experienced staff
page-edit-nav = Public page
page-edit-title = The public program page
page-edit-lead = Write what the public page says in your own words; everything else on it comes from the program's records. A part left empty shows the standard text.
page-edit-view = See the public page
page-edit-saved = Saved. The public page shows it now.
page-edit-save = Save the page
page-part-intro = Introduction
page-part-primary_duties = Primary duties
page-part-secondary_duties = Secondary duties
page-part-discipline_role = The discipline role of staff
page-part-intervention = When teachers and administrators may ask staff to intervene
page-part-complaints = How to file a complaint
page-part-list-hint = One duty per line.
page-part-text-hint = Paragraphs separated by a blank line. A language left empty shows the text in English, marked as not yet translated.
page-choices = Choices
page-show-names = Show the names of staff in each school and their training on the public page
page-invalid-part = There is no part of the page called “{ $part }”.
page-invalid-language = The page is not written in the language “{ $language }”.
page-invalid-too-long = The text for { $part } is { $len } characters long; the most is { $max }.
home-programs = School safety programs
home-program-link = { $district }: the School Safety and Security Staff Program
page-upcoming-sessions = Upcoming listening sessions
page-no-upcoming-sessions = No listening session is scheduled right now.
page-session-cancelled = cancelled
page-all-sessions = All listening sessions, past and upcoming, with their summaries
page-agreements = Agreements with agencies
page-agreements-what = Each year the district reviews and adopts an agreement with each agency or company that provides staff, with students, families and the community taking part, and sends it to OSPI.
page-no-agreements = No agreement has been published yet.
page-agreement-adopted = adopted by the board on { $date }
page-all-agreements = The published agreements
