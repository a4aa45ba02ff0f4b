# Moderación: revisión automática, denuncias, la cola de revisión (issue 3, punto 5).

notice-thought-held = Gracias, recibimos su idea. Antes de que otras personas la vean, un facilitador la revisará, porque puede contener datos personales o palabras que necesitan una segunda mirada.
notice-reported = Gracias por avisarnos. Un facilitador revisará esa idea; no se la volveremos a mostrar.
notice-already-reported = Usted ya denunció esa idea. Un facilitador la revisará.
notice-decided = Decisión guardada y añadida al registro de moderación.

help-heading = No está solo
help-lead = Parte de lo que escribió suena como si estuviera pasando por algo difícil. Si está pensando en hacerse daño, busque ayuda ahora, gratis y confidencial, a cualquier hora:
help-988 = Llame o envíe un mensaje de texto al 988 para comunicarse con la Línea 988 de Prevención del Suicidio y Crisis (atención en español).
help-crisis-text = Envíe la palabra HOME por mensaje de texto al 741741 para comunicarse con Crisis Text Line.
help-school = Hable con un consejero o con un adulto de confianza en la escuela.

my-thought-held = En espera de revisión
my-thought-hidden = No se muestra a otras personas

report-link = Denunciar esta idea
report-title = Denunciar una idea
report-back = Volver a calificar
report-lead = Si esta idea no debería mostrarse a otras personas, díganos por qué. Un facilitador la revisará. Nadie ve quién la denunció.
report-reason = ¿Por qué debería revisarla un facilitador?
report-reason-personal_information = Nombra o identifica a alguien (un nombre, teléfono, correo o dirección)
report-reason-abuse = Es insultante, de odio o amenazante
report-reason-self_harm = Quien la escribió podría estar en riesgo de hacerse daño
report-reason-spam = Es spam o publicidad
report-reason-other = Otra cosa
report-note = ¿Algo que añadir? (opcional)
report-note-hint = Hasta 500 caracteres. Por favor, no escriba aquí datos personales de nadie.
report-submit = Enviar denuncia
report-already = Usted ya denunció esta idea.
invalid-report-reason = Por favor, elija por qué denuncia esta idea.

moderation-count-waiting = { $count ->
    [one] { $shown } idea en espera de revisión
   *[other] { $shown } ideas en espera de revisión
}
moderation-count-held = { $count ->
    [one] { $shown } retenida
   *[other] { $shown } retenidas
}
moderation-count-hidden = { $count ->
    [one] { $shown } oculta
   *[other] { $shown } ocultas
}
moderation-alert = { $count ->
    [one] Una idea muestra señales de que quien la escribió podría estar en riesgo de hacerse daño. Por favor, revísela ahora.
   *[other] { $shown } ideas muestran señales de que quienes las escribieron podrían estar en riesgo de hacerse daño. Por favor, revíselas ahora.
}
manage-moderation-heading = Moderación
manage-moderation-link = Abrir la cola de revisión

flag-email = correo electrónico
flag-phone = número de teléfono
flag-street-address = dirección
flag-person-name = nombre de una persona
flag-abuse = palabras ofensivas
flag-self-harm = señal de autolesión

thought-status-visible = Visible, denunciada
thought-status-held = Retenida
thought-status-hidden = Oculta

alert-source-screen = señal de autolesión encontrada al compartirla
alert-source-report = denunciada por un participante como riesgo de autolesión

decision-approve = Aprobar: mostrarla tal como está escrita
decision-hide = Ocultar: no mostrarla nunca a otras personas
decision-redact = Quitar datos personales: mostrar el texto editado de abajo
decision-reason-missing = Por favor, indique el motivo de su decisión; se guarda en el registro de moderación.
decision-text-missing = Por favor, escriba el texto editado que verán las demás personas.
invalid-decision = Por favor, elija aprobar, ocultar o quitar datos personales.

queue-title = Cola de revisión
queue-back = Volver a la consulta
queue-empty = No hay nada en espera de revisión.
queue-item-heading = Idea { $id }
queue-item-alert = Quien la escribió podría estar en riesgo de hacerse daño.
queue-written = Tal como se escribió (resaltado: lo que encontró la revisión automática):
queue-shown = Lo que ven las demás personas ahora:
queue-reports = { $count ->
    [one] { $shown } denuncia
   *[other] { $shown } denuncias
}
queue-decision = Decisión
queue-redacted = Texto que verán las demás personas, si quita datos personales
queue-redacted-hint = Los datos personales encontrados ya aparecen reemplazados por [removed]. El texto de quien escribió queda en el registro y nunca se muestra públicamente.
queue-reason = Motivo (se guarda en el registro de moderación)
queue-submit = Guardar decisión
queue-alerts = Alertas de autolesión
queue-thought-number = idea { $id }
queue-alert-dealt-with = revisada
queue-trail = Registro de moderación
queue-trail-empty = Todavía no hay decisiones.
queue-trail-caption = Todas las decisiones, de la más reciente a la más antigua. Nunca se borra nada.
queue-trail-when = Cuándo
queue-trail-who = Quién
queue-trail-decision = Decisión
queue-trail-reason = Motivo
queue-trail-text = Texto anterior
queue-trail-after = Se muestra ahora:
