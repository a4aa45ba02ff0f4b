## Frame
skip-to-content = Saltar al contenido
nav-label = Principal
nav-exchanges = Intercambios
nav-manage = Administrar
nav-sign-in = Acceso para el personal
nav-sign-out = Cerrar sesión
footer-text = accord: el programa del personal de seguridad de un distrito escolar, gestionado de forma transparente. Las ideas son anónimas.
back-to-exchange = Volver al intercambio

## States and groups
state-draft = Borrador
state-open = Abierto
state-closed = Cerrado
state-published = Resultados publicados
group-student = Estudiantes
group-parent = Padres, madres o tutores
group-teacher = Maestros
group-administrator = Administradores
group-staff = Personal escolar o de la oficina central
group-board_member = Miembros de la junta escolar
group-community = Miembros de la comunidad
group-non_district_community = Miembros de la comunidad de fuera del distrito
group-none = Prefiero no decirlo

## Counts ($count chooses the plural form, $shown is the number as displayed)
count-participants = { $count ->
    [one] { $shown } participante
   *[other] { $shown } participantes
}
count-thoughts = { $count ->
    [one] { $shown } idea
   *[other] { $shown } ideas
}
count-star-ratings = { $count ->
    [one] { $shown } valoración con estrellas
   *[other] { $shown } valoraciones con estrellas
}
count-skips = { $count ->
    [one] { $shown } omisión
   *[other] { $shown } omisiones
}
count-ratings = { $count ->
    [one] { $shown } valoración
   *[other] { $shown } valoraciones
}

## Home
home-title = Intercambios con la comunidad
home-lead = Su distrito hace una pregunta abierta. Comparta sus ideas de forma anónima, valore con estrellas las ideas de otras personas y vea lo que piensa toda la comunidad.
home-none = En este momento no hay intercambios abiertos.

## Sign-in
login-title = Acceso para el personal
login-lead = Para el personal del distrito y de las agencias. Los participantes nunca necesitan una cuenta.
login-email = Correo electrónico
login-password = Contraseña
login-submit = Iniciar sesión
login-failed = Ese correo electrónico y esa contraseña no coinciden con ninguna cuenta. Revíselos e inténtelo de nuevo.

## An exchange
exchange-closed = Este intercambio está cerrado. Los resultados se compartirán cuando el distrito los publique.
exchange-draft = Este intercambio es un borrador: solo los facilitadores(as) del distrito pueden verlo.
join-heading = Participe en este intercambio
join-lead = Usted participa de forma anónima: nadie, ni siquiera el distrito, puede ver qué ideas o valoraciones son suyas.
join-group = ¿A qué grupo pertenece?
join-invitation = Código de invitación
join-submit = Unirse
share-heading = Comparta sus ideas
share-label = Su idea
share-hint = Hasta 500 caracteres. Comparta todas las ideas que quiera, una a la vez. Por favor, no incluya nombres ni datos de contacto.
share-submit = Compartir
share-yours = Las ideas que ha compartido hasta ahora
star-heading = Valore con estrellas las ideas de otras personas
star-progress = { $count ->
    [0] Todavía no ha valorado ninguna idea.
    [one] Ha valorado { $shown } idea.
   *[other] Ha valorado { $shown } ideas.
}
star-start = Empezar a valorar
star-title = Valorar ideas
star-legend = ¿Qué tan importante es esta idea para usted?
star-hint = 1 estrella: me importa poco. 5 estrellas: me importa mucho.
star-button = { $count ->
    [one] { $shown } estrella
   *[other] { $shown } estrellas
}
star-skip = Omitir esta idea
star-done = Por ahora ya vio todas las ideas. Vuelva más tarde: siguen llegando ideas nuevas mientras el intercambio esté abierto.
notice-joined = ¡Le damos la bienvenida! Ya puede compartir ideas y valorar con estrellas las de otras personas.
notice-thought-saved = Gracias: su idea se compartió.
notice-rating-saved = Guardado. Aquí está la siguiente.

## Results
results-link = Ver los resultados
results-title = Resultados
results-preview = Vista previa para facilitadores(as): estos resultados todavía no se han publicado.
results-participation = Participación
results-groups-chart = Participantes por grupo
results-groups-table = Participantes por grupo (tabla)
results-group = Grupo
results-participants = Participantes
results-top = Ideas mejor valoradas
results-view = Clasificación según
results-view-all = Todos
results-apply = Mostrar
results-ranking-rule = Clasificadas por puntuación ajustada. Las personas que valoran no son igual de generosas y cada idea la ven personas distintas, así que cada valoración con estrellas se interpreta como el promedio del intercambio, más lo generosa que es la persona que valora, más la puntuación propia de la idea; la puntuación que se muestra es la propia de la idea en la escala de 1 a 5 estrellas, la que le daría una persona de generosidad media. Tanto la parte de la persona como la de la idea se ajustan hacia el promedio como si cada una tuviera { $weight } valoraciones más con ese promedio, para que unas pocas valoraciones no basten para poner una idea en primer lugar. El rango, tan ancho como el del promedio simple, indica dónde se encuentra la puntuación con un 90% de confianza; a su lado, cuántas personas valoraron la idea y su promedio simple.
results-ranking-rule-group = Clasificadas por la puntuación de este grupo: el promedio de las estrellas del grupo, ajustado hacia el promedio del grupo como si cada idea tuviera { $weight } valoraciones más con ese promedio, para que unas pocas valoraciones no basten para poner una idea en primer lugar. A diferencia de la clasificación de todas las personas, no se corrige según lo generosa que es cada persona: dentro de un grupo hay demasiado pocas personas para distinguirlo. El rango indica dónde se encuentra la puntuación con un 90% de confianza.
results-common-ground = Puntos en común
results-common-ground-hint = Ideas que todos los grupos con al menos 5 valoraciones de ellas calificaron por encima de su propio promedio.
results-common-ground-none = Todavía ninguna idea tiene una calificación por encima del promedio de todos los grupos con suficientes valoraciones.
results-group-score = { $group } { $score } (su promedio { $average })
results-differences = Dónde difieren los grupos
results-differences-hint = Ideas en las que los grupos están más lejos entre sí, cada grupo comparado con su propio promedio.
results-differences-none = Todavía ninguna idea tiene suficientes valoraciones de dos grupos para compararlos.
results-difference = Más alta: { $high } { $high_score } (su promedio { $high_average }). Más baja: { $low } { $low_score } (su promedio { $low_average }).
results-none = Todavía no se han compartido ideas.
results-by-group = Puntuaciones por grupo
results-score = Puntuación
results-ratings = Valoraciones
results-mean = promedio simple { $mean }
results-interval = rango del 90% { $low }–{ $high }
results-pages = Páginas de resultados
results-page-of = Página { $page } de { $pages }
results-prev = Página anterior
results-next = Página siguiente
results-export = Descargar todas las ideas y cifras (CSV)
results-not-published = Los resultados de este intercambio no se han publicado.

## Facilitators
manage-title = Sus intercambios
manage-new = Nuevo intercambio
manage-none = Todavía no hay intercambios.
manage-caption = Intercambios de su distrito
manage-col-title = Intercambio
manage-col-state = Estado
manage-back = Volver a sus intercambios
manage-edit-heading = Intercambio: { $title }
manage-state-heading = En qué etapa está
manage-view-public = Verlo como lo ven los participantes
manage-view-results = Resultados
manage-open = Abrir a los participantes
manage-close = Cerrar
manage-publish = Publicar los resultados
manage-details = Detalles
manage-save = Guardar
notice-exchange-created = El intercambio se creó como borrador. Ábralo cuando todo esté listo.
notice-exchange-saved = Guardado.
notice-exchange-opened = El intercambio está abierto: los participantes ya pueden unirse.
notice-exchange-closed = El intercambio está cerrado.
notice-exchange-published = Los resultados están publicados.
field-title = Título
field-question = La pregunta que usted hace
field-context = Contexto
field-context-hint = Información de fondo y enlaces a documentos, como el borrador del acuerdo. Separe los párrafos con una línea en blanco.
field-groups = Grupos entre los que pueden elegir los participantes
field-invitation = Código de invitación (opcional)
field-invitation-hint = Si se establece un código, solo pueden unirse las personas que lo tengan.
field-results-public = Cualquier persona puede ver los resultados una vez publicados (de lo contrario, solo los participantes y el personal)

## Messages
invalid-empty = { $field ->
    [title] Por favor, escriba un título.
    [question] Por favor, escriba la pregunta.
    [thought] Por favor, escriba su idea antes de compartirla.
   *[other] Este campo no puede quedar vacío.
}
invalid-too-long = { $field ->
    [thought] Su idea tiene { $len } caracteres; el límite es { $max }. Por favor, acórtela.
   *[other] Este texto tiene { $len } caracteres; el límite es { $max }.
}
invalid-group = "{ $group }" no es uno de los grupos de este intercambio.
invalid-invitation = Ese código de invitación no es correcto. Revíselo e inténtelo de nuevo.
invalid-stars = Las estrellas deben ser un número entero del 1 al 5, no { $stars }.
invalid-stars-missing = Elija de 1 a 5 estrellas u omita la idea.
invalid-stars-and-skip = Dé estrellas u omita la idea, pero no ambas cosas.
invalid-transition = Ese paso no es posible en este momento: { $state }.
invalid-transition-race = Otra persona cambió este intercambio en el mismo momento. Vuelva a cargar la página e inténtelo de nuevo.
exchange-not-open = Este intercambio no está abierto, así que no acepta nuevos participantes, ideas ni valoraciones.
rating-own-thought = No puede valorar su propia idea.

## Errors
error-not-found = Página no encontrada
error-unauthorized = Por favor, inicie sesión
error-forbidden = No tiene acceso a esto
error-csrf = Este formulario ha vencido. Regrese, vuelva a cargar la página e inténtelo de nuevo.
error-invalid = Parte de lo que se envió no es válido
error-conflict = Eso no se puede hacer en este momento
error-malformed = No se pudo leer la solicitud
error-too-large = Es más de lo que podemos aceptar de una sola vez
error-too-many = Demasiadas solicitudes: espere un momento e inténtelo de nuevo
error-internal = Algo salió mal de nuestro lado
error-id = Si se comunica con el distrito sobre esto, mencione esta referencia:
error-home = Ir a la página de inicio
