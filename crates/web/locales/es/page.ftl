# La página pública del programa y su formulario de edición.
page-title = Programa de personal de seguridad escolar
page-intro-law = La ley de Washington (RCW 28A.320.124, enmendada por ESHB 1214 en 2021) establece cómo un distrito escolar que trabaja con agentes de recursos escolares y otro personal de seguridad escolar lleva su programa: una política de la junta, un acuerdo anual con cada agencia adoptado con la participación de la comunidad, la capacitación obligatoria verificada antes de que alguien trabaje en una escuela, y datos anuales sobre las llamadas de servicio a las fuerzas del orden y las quejas.
page-intro-equity = La legislatura señala que las escuelas deben ser un lugar donde todos los jóvenes se sientan seguros. Con la equidad racial como componente central de la planificación de la seguridad, ningún miembro del personal de seguridad escolar debe contribuir a un ambiente inseguro para los jóvenes negros y los jóvenes de color.
page-contents = En esta página
page-have-your-say = Dé su opinión
page-open-exchanges = Intercambios comunitarios abiertos
page-no-open-exchanges = No hay ningún intercambio abierto en este momento.
page-what-is = ¿Qué es un agente de recursos escolares?
page-sro-short = Un agente de recursos escolares (SRO) es un agente de policía o ayudante del alguacil asignado a trabajar en una escuela. El personal de seguridad escolar incluye también a los agentes de seguridad del propio distrito y a la seguridad contratada.
page-legal-definition = La definición legal
page-sro-definition = «Un agente de recursos escolares es un agente de las fuerzas del orden comisionado en el estado de Washington con autoridad jurada para realizar arrestos, desplegado en la vigilancia orientada a la comunidad y asignado por el departamento de policía o la oficina del alguacil que lo emplea para trabajar en las escuelas a fin de abordar los problemas de delincuencia y desorden, las pandillas y las actividades de drogas que afectan o ocurren en las escuelas K-12 o en sus alrededores. Los agentes de recursos escolares deben centrarse en mantener a los estudiantes fuera del sistema de justicia penal cuando sea posible y no deben utilizarse para intentar imponer sanciones penales en asuntos que se manejan de forma más apropiada dentro del sistema educativo.»
page-sro-definition-source = RCW 28A.320.124
page-security-officer-definition = Un empleado del distrito que mantiene las escuelas seguras, sin poder para realizar arrestos.
page-contracted-definition = Personal de seguridad empleado por una empresa que el distrito contrata.
page-duties = Lo que hace nuestro personal
page-primary-duties = Funciones principales
page-secondary-duties = Funciones secundarias
page-duties-not-written = El distrito todavía no ha descrito estas funciones.
page-discipline = La disciplina y cuándo interviene el personal
page-discipline-1 = Los agentes de recursos escolares no participan en la disciplina escolar formal: esa es responsabilidad de la administración escolar.
page-discipline-2 = El papel de un agente de recursos escolares es el de maestro, consejero informal y agente de las fuerzas del orden.
page-discipline-3 = Un agente de recursos escolares capacitado sabe cuándo interactuar de manera informal con los estudiantes para reforzar las normas escolares y cuándo hacer cumplir la ley.
page-intervention = Cuándo el personal docente y la administración pueden pedir que el personal intervenga
page-intervention-not-written = El distrito todavía no ha escrito este procedimiento en esta página.
page-who = Quién trabaja en nuestras escuelas
page-nobody-placed = En este momento no hay nadie asignado a una escuela.
page-school = Escuela
page-staff-type = Personal
page-employer = Empleador
page-people = Personas
page-days-per-week = Días por semana
page-names = Nombres
page-training = Capacitación
page-training-law = Washington exige que todo el personal de seguridad escolar complete una serie de temas de capacitación: los temas en aula dentro de los 6 meses siguientes a su primer día en la escuela con estudiantes, y la capacitación en el trabajo (y, para el personal que no es agente de policía, reuniones con personal experimentado) dentro de 12 meses. El distrito verifica la capacitación antes de asignar a alguien a una escuela, o exige un plan aprobado para completarla.
page-training-completed = { $completed } de { $staff } personas que trabajan en nuestras escuelas han completado la serie.
page-training-waived = { $count ->
    [one] A { $shown } de ellas se le eximió una parte por una capacitación previa importante.
   *[other] A { $shown } de ellas se les eximió una parte por una capacitación previa importante.
}
page-training-on-plan = { $count ->
    [one] { $shown } persona la está completando con un plan aprobado.
   *[other] { $shown } personas la están completando con un plan aprobado.
}
page-training-in-progress = { $count ->
    [one] { $shown } persona está dentro de su plazo y todavía no ha terminado.
   *[other] { $shown } personas están dentro de su plazo y todavía no han terminado.
}
page-training-overdue = { $count ->
    [one] { $shown } persona ha pasado un plazo.
   *[other] { $shown } personas han pasado un plazo.
}
page-training-by-person = La capacitación de cada persona
page-training-series = La serie de capacitación
page-training-verified = Cada agencia es responsable de que su personal tenga la capacitación, y el distrito de verificarla antes de que alguien trabaje en una escuela.
page-reports = Informes anuales
page-reports-what = Cada año el distrito informa de las llamadas de servicio a las fuerzas del orden en sus escuelas y del resultado para cada estudiante, incluidos los arrestos y las remisiones a la fiscalía, por escuela, tipo de infracción, raza, género, edad y discapacidad (IEP o plan 504). Los números pequeños se ocultan para que no se pueda identificar a ningún estudiante.
page-complaints = Cómo presentar una queja
page-complaints-standard = Las familias, los estudiantes y cualquier otra persona pueden presentar una queja sobre el personal de seguridad escolar ante la escuela y ante la agencia o empresa del miembro del personal. El distrito investiga cada queja y responde por escrito.
page-generated = Esta página se genera a partir de los registros del distrito y está siempre al día.
page-not-yet-translated = Todavía sin traducir: se muestra en { $language }.
wa-topic-a = Derechos constitucionales y civiles de los niños en las escuelas, incluidos los registros y los interrogatorios
wa-topic-b = Desarrollo infantil y adolescente
wa-topic-c = Enfoques informados sobre el trauma para trabajar con jóvenes
wa-topic-d = Reconocer y responder a problemas de salud mental de los jóvenes
wa-topic-e = Derechos educativos de los estudiantes con discapacidades; discapacidad y conducta; buenas prácticas
wa-topic-f = Vigilancia sin prejuicios y competencia cultural, incluidos los estudiantes que aprenden inglés, LGBTQ, inmigrantes, mujeres y no binarios
wa-topic-g = Disparidades locales y nacionales en el uso de la fuerza y los arrestos de niños
wa-topic-h = Consecuencias colaterales del arresto, la remisión a la fiscalía y la intervención judicial
wa-topic-i = Recursos comunitarios como alternativas al arresto y al enjuiciamiento
wa-topic-j = Técnicas de desescalada al trabajar con jóvenes
wa-topic-k = Restricción física y aislamiento en las escuelas (RCW 28A.600.485)
wa-topic-l = Ley de Derechos Educativos y Privacidad de la Familia (FERPA)
wa-topic-m = Principios y prácticas de justicia restaurativa
wa-topic-ojt = Capacitación en el trabajo (días)
wa-topic-check_ins = Reuniones con personal experimentado
page-edit-nav = Página pública
page-edit-title = La página pública del programa
page-edit-lead = Escriba con sus propias palabras lo que dice la página pública; todo lo demás proviene de los registros del programa. Una parte vacía muestra el texto estándar.
page-edit-view = Ver la página pública
page-edit-saved = Guardado. La página pública ya lo muestra.
page-edit-save = Guardar la página
page-part-intro = Introducción
page-part-primary_duties = Funciones principales
page-part-secondary_duties = Funciones secundarias
page-part-discipline_role = El papel del personal en la disciplina
page-part-intervention = Cuándo el personal docente y la administración pueden pedir que el personal intervenga
page-part-complaints = Cómo presentar una queja
page-part-list-hint = Una función por línea.
page-part-text-hint = Párrafos separados por una línea en blanco. Un idioma vacío muestra el texto en inglés, marcado como todavía sin traducir.
page-choices = Opciones
page-show-names = Mostrar en la página pública los nombres del personal de cada escuela y su capacitación
page-invalid-part = No hay ninguna parte de la página llamada «{ $part }».
page-invalid-language = La página no se escribe en el idioma «{ $language }».
page-invalid-too-long = El texto de { $part } tiene { $len } caracteres; el máximo es { $max }.
home-programs = Programas de seguridad escolar
home-program-link = { $district }: el programa de personal de seguridad escolar
page-upcoming-sessions = Próximas sesiones de escucha
page-no-upcoming-sessions = No hay ninguna sesión de escucha programada en este momento.
page-session-cancelled = cancelada
page-all-sessions = Todas las sesiones de escucha, pasadas y próximas, con sus resúmenes
page-agreements = Acuerdos con las agencias
page-agreements-what = Cada año el distrito revisa y adopta un acuerdo con cada agencia o empresa que aporta personal, con la participación de estudiantes, familias y la comunidad, y lo envía a OSPI.
page-no-agreements = Todavía no se ha publicado ningún acuerdo.
page-agreement-adopted = adoptado por la junta el { $date }
page-all-agreements = Los acuerdos publicados
