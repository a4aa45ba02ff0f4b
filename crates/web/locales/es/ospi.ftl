## El paquete anual para OSPI (R9)

ospi-nav = Paquete para OSPI
ospi-title = Paquete anual para OSPI
ospi-lead = Todo lo que el distrito envía a OSPI para un año escolar: la lista del personal de seguridad, el archivo de incidentes, el número de quejas y los acuerdos adoptados, con el formato que pide OSPI. El paquete contiene datos por estudiante: compártalo solo con quien lo necesite.
ospi-year = Año escolar
ospi-show = Mostrar
ospi-figures = El paquete en cifras
ospi-staff = Personal asignado a escuelas
ospi-schools = Escuelas con personal asignado
ospi-incident-calls = Llamadas en el archivo de incidentes
ospi-incident-students = Líneas de estudiantes en el archivo de incidentes
ospi-agreements-adopted = Acuerdos adoptados
ospi-missing-agreements = Estos empleadores tienen personal asignado este año escolar, pero ningún acuerdo adoptado para él:
ospi-files = Archivos del paquete
ospi-files-caption = Cada archivo del paquete, con el formato del distrito
ospi-file = Archivo
ospi-part = Qué contiene
ospi-rows = Líneas
ospi-columns = Columnas
ospi-part-roster = Lista del personal: cada persona y escuela
ospi-part-incidents = Archivo de incidentes (R7): cada estudiante de cada llamada que se informa
ospi-part-complaints = Quejas sobre funciones del puesto y trato con estudiantes
ospi-part-agreements = Acuerdos adoptados
ospi-agreement-text = Texto del acuerdo
ospi-download = Descargar el paquete (.zip)
ospi-change-layout = Cambiar el formato
ospi-see-layout = Ver el formato
ospi-audit-note = Cada descarga queda registrada en el historial de auditoría, igual que abrir cada llamada del archivo de incidentes.

ospi-layout-title = Formato del paquete para OSPI
ospi-layout-lead = OSPI fija el formato y puede cambiarlo. Aquí el distrito indica qué archivos contiene el paquete, qué columnas tiene cada uno, en qué orden y con qué encabezados. La descripción completa está en docs/ospi-packet.md.
ospi-layout-field = Formato (TOML)
ospi-layout-hint = Cada [[file]] indica su parte (roster, incidents, complaints o agreements), su nombre de archivo terminado en .csv y sus columnas como {"{"} field = "…", header = "…" {"}"}.
ospi-layout-save = Guardar el formato
ospi-layout-saved = El formato está guardado. El próximo paquete lo usará.
ospi-layout-refused = El formato no se guardó:
ospi-layout-fields = Campos de cada parte
ospi-layout-syntax = Línea { $line }: { $detail }
ospi-layout-no-files = El formato no nombra ningún archivo.
ospi-layout-unknown-part = { $file }: no existe ninguna parte llamada «{ $part }».
ospi-layout-unknown-field = { $file }: su parte no tiene ningún campo llamado «{ $field }».
ospi-layout-bad-name = { $file }: un nombre de archivo solo puede tener letras, dígitos, -, _ y ., y debe terminar en .csv.
ospi-layout-repeated-name = { $file }: dos archivos tienen este nombre.
ospi-layout-no-columns = { $file }: el archivo no tiene columnas.
