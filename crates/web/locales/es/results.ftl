# Temas, gráficos, filtros, descargas e informe para imprimir en la página de resultados.
count-raters = { $count ->
    [one] { $shown } persona que valoró
   *[other] { $shown } personas que valoraron
}
results-themes = Temas
results-themes-none = Los temas de este intercambio aún no se han calculado.
results-themes-hint = Ideas agrupadas por las palabras que comparten y revisadas después por quien facilita. La puntuación de un tema reúne todas las estrellas dadas a sus ideas y se calcula como la de una idea; las personas que valoraron son quienes dieron estrellas a al menos una de sus ideas.
results-theme-terms = Palabras características:
results-theme-representatives = Ideas más representativas:
results-theme-see = Ver todas sus ideas
results-theme-filter = Tema
results-theme-all = Todos los temas
results-theme-shown = Se muestran solo las ideas del tema «{ $theme }».
results-theme-clear = Mostrar todas las ideas
results-theme-unknown = Ese tema no existe (o ya no existe): puede que los temas se hayan calculado de nuevo. Elija uno de la lista.
results-export-json = Descargar todas las ideas, los temas y las cifras (JSON)
results-report = Informe para imprimir
report-hint = Esta página está hecha para imprimirse: use la orden Imprimir de su navegador. Cada gráfico tiene sus cifras en una tabla al lado.
chart-distribution = Cuántas ideas tienen una puntuación en cada franja
chart-band = { $low }–{ $high } estrellas
chart-col-band = Franja de puntuación
chart-col-thoughts = Ideas
chart-groups = La puntuación de cada grupo, lado a lado
chart-col-group = Grupo
chart-col-score = Puntuación
chart-col-range = Rango del 90%
chart-col-ratings = Valoraciones
chart-col-raters = Personas que valoraron
chart-themes = Temas por tamaño, con su puntuación
chart-col-theme = Tema
chart-top = Ideas principales con su rango del 90%
chart-col-thought = Idea
chart-common-ground = Puntos en común: del grupo que la valora menos al que la valora más
chart-differences = Diferencias: del grupo que la valora menos al que la valora más
chart-col-lowest = Grupo más bajo
chart-col-highest = Grupo más alto
