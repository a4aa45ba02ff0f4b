## Sesiones de escucha: el calendario y registro del personal, la lista pública y la inscripción

listening-sessions = Sesiones de escucha
listening-none-yet = Todavía no hay sesiones de escucha.
listening-schedule = Programar una sesión
listening-edit = Cambiar o cancelar esta sesión
listening-save = Guardar los cambios
listening-cancel-session = Esta sesión está cancelada
listening-cancelled = Cancelada
listening-title = Título
listening-description = De qué trata la sesión (opcional)
listening-school = Escuela
listening-school-none = Todo el distrito
listening-date = Fecha
listening-starts = Empieza a las
listening-ends = Termina a las
listening-time-zone = Zona horaria
listening-place = Lugar
listening-online = En línea
listening-online-url = Enlace en línea
listening-venue-hint = Un lugar, un enlace en línea, o ambos.
listening-languages = Idiomas
listening-languages-hint = Sepárelos con comas, por ejemplo: inglés, español.
listening-interpretation = Interpretación ofrecida
listening-capacity = Capacidad
listening-when-heading = Cuándo
listening-signed-up = Inscritos
listening-attended = Asistieron
listening-seats = Personas inscritas
listening-sign-ups = Inscripciones
listening-sign-ups-private = Solo los administradores del programa ven quién se inscribió.
listening-no-sign-ups = Nadie se ha inscrito todavía.
listening-interpretation-count = { $count ->
    [one] { $count } inscripción necesita interpretación.
   *[other] { $count } inscripciones necesitan interpretación.
}
listening-name = Nombre
listening-contact = Correo o teléfono
listening-language = Idioma
listening-needs-interpretation = Necesito interpretación
listening-party-size = Número de personas (usted incluido)
listening-yes = Sí
listening-save-attendance = Guardar la asistencia
listening-outcome = Notas, resumen y temas
listening-notes = Notas
listening-notes-hint = Solo para el personal; nunca se muestran al público.
listening-summary = Resumen
listening-summary-hint = Se muestra al público una vez celebrada la sesión.
listening-themes = Temas planteados
listening-themes-hint = Un tema por fila, en orden; deje una fila vacía para quitarlo.
listening-theme-label = Tema
listening-theme-detail = Lo que se dijo
listening-save-outcome = Guardar notas, resumen y temas
listening-notice-scheduled = La sesión está programada.
listening-notice-attendance = Asistencia guardada.
listening-notice-outcome = Notas, resumen y temas guardados.
listening-notice-saved = Cambios guardados.

listening-when = { $weekday } { $date }, { $starts }–{ $ends } { $zone }
listening-weekday-1 = lunes
listening-weekday-2 = martes
listening-weekday-3 = miércoles
listening-weekday-4 = jueves
listening-weekday-5 = viernes
listening-weekday-6 = sábado
listening-weekday-7 = domingo
listening-zone-pacific = hora del Pacífico
listening-zone-mountain = hora de la Montaña
listening-zone-arizona = hora de Arizona
listening-zone-central = hora del Centro
listening-zone-eastern = hora del Este
listening-zone-alaska = hora de Alaska
listening-zone-hawaii = hora de Hawái
listening-zone-utc = UTC

listening-public-lead = Venga a decirle a { $district } lo que piensa del personal de seguridad en nuestras escuelas. Inscríbase sin crear una cuenta.
listening-upcoming = Próximas sesiones
listening-none-upcoming = No hay ninguna sesión programada por ahora.
listening-past = Sesiones anteriores
listening-none-past = Todavía no se ha celebrado ninguna sesión.
listening-full = Completa
listening-places-left = { $count ->
    [one] Queda { $shown } lugar
   *[other] Quedan { $shown } lugares
}
listening-people-came = { $count ->
    [one] Vino { $shown } persona
   *[other] Vinieron { $shown } personas
}
listening-all-sessions = Todas las sesiones de escucha
listening-sign-up = Inscribirse
listening-signed-up-notice = Ya está inscrito. Gracias, queremos escucharle.
listening-privacy = Su nombre y su contacto solo los ve el personal del programa del distrito, para preparar la sala y la interpretación y para avisarle de cualquier cambio. Nunca se publican.
listening-your-name = Su nombre
listening-contact-optional = Correo o teléfono (opcional)
listening-contact-hint = Solo para avisarle si la sesión cambia.
listening-language-wanted = Idioma que prefiere
listening-no-preference = Sin preferencia
listening-closed-cancelled = Esta sesión fue cancelada.
listening-closed-started = La inscripción se cerró cuando empezó la sesión.
listening-closed-full = Esta sesión está completa.

listening-invalid-time = «{ $value }» no es una hora; escríbala como 18:30.
listening-invalid-time-zone = Elija una de las zonas horarias de la lista.
listening-invalid-labels-many = Indique como máximo { $max } idiomas.
listening-invalid-labels-long = El nombre de un idioma tiene como máximo { $chars } caracteres.
listening-invalid-ends = La sesión debe terminar después de empezar.
listening-invalid-too-long = Una sesión dura como máximo doce horas.
listening-invalid-capacity = La capacidad debe ser un número entero de 1 a { $max }.
listening-invalid-capacity-taken = Ya hay { $taken } lugares ocupados: la capacidad no puede ser menor.
listening-invalid-no-language = Ofrezca al menos un idioma.
listening-invalid-no-venue = Indique un lugar o un enlace en línea.
listening-invalid-link = Un enlace en línea empieza con https:// y no tiene espacios.
listening-invalid-name = Indique su nombre (como máximo 200 caracteres).
listening-invalid-contact = Indique un correo electrónico o un número de teléfono, o déjelo vacío.
listening-invalid-language = Elija uno de los idiomas de la sesión, o sin preferencia.
listening-invalid-party = Una inscripción es para 1 a { $max } personas.
listening-invalid-theme-label = Cada tema necesita un nombre corto antes de lo que se dijo.
listening-invalid-themes-many = Registre como máximo { $max } temas.
listening-refused-cancelled = Esta sesión fue cancelada: la inscripción está cerrada.
listening-refused-started = La inscripción se cerró cuando empezó la sesión.
listening-refused-full = Lo sentimos, esta sesión está completa.
listening-refused-too-few = No hay lugar para todos: quedan { $left }. Inscriba a menos personas.
