# La puntuación puente en la página de resultados (issue 3).
results-bridging = Puentes: acuerdo entre grupos
results-bridging-rule = Clasificadas por puntuación puente: la parte de la puntuación que se mantiene pese a los desacuerdos entre grupos. Cada valoración con estrellas se interpreta como el promedio del intercambio, más lo generosa que es la persona que valora, más la puntuación propia de la idea, más cuánto coinciden la inclinación de esa persona y la de la idea. La puntuación propia de la idea, en la escala de 1 a 5 estrellas, es lo que queda cuando las inclinaciones ya explican aquello en lo que los bandos no están de acuerdo; así, una idea que a un lado le encanta y al otro le disgusta queda por debajo de una que gusta a ambos lados.
results-bridging-none = Todavía ninguna idea tiene valoraciones con estrellas.
results-bridging-score = puntuación puente { $score }
results-bridging-row = puntuación puente { $score } (número { $rank } en puentes)
