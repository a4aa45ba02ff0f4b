## Listas de códigos de una llamada de servicio (LAW.md, "Code lists"), por la clave de cada código

call-outcome-handled_informally = Resuelto de manera informal
call-outcome-returned_to_administration = Devuelto a la administración
call-outcome-discipline = Medida disciplinaria
call-outcome-use_of_force = Uso de la fuerza
call-outcome-restraint_or_isolation = Inmovilización o aislamiento
call-outcome-referral_to_services = Remisión a servicios o a un programa alternativo
call-outcome-referral_to_law_enforcement = Remisión a las fuerzas del orden
call-outcome-citation = Citación
call-outcome-referral_for_prosecution = Remisión a la fiscalía
call-outcome-arrest = Arresto
call-outcome-booking = Registro policial en detención

call-race-hispanic_latino = Hispano / latino de cualquier raza
call-race-american_indian_alaskan_native = Indígena americano / nativo de Alaska
call-race-asian = Asiático
call-race-black_african_american = Negro / afroamericano
call-race-native_hawaiian_pacific_islander = Nativo de Hawái / de otras islas del Pacífico
call-race-white = Blanco
call-race-two_or_more_races = Dos o más razas
call-race-not_reported = No indicado

call-gender-female = Femenino
call-gender-male = Masculino
call-gender-gender_x = Género X

call-disability-idea = IDEA (IEP)
call-disability-section_504_only = Solo Sección 504
call-disability-neither = Ninguna

call-offense-bullying = Acoso escolar
call-offense-tobacco = Tabaco
call-offense-alcohol = Alcohol
call-offense-illicit_drug = Drogas ilícitas
call-offense-fighting = Pelea sin lesiones graves
call-offense-violence = Violencia sin lesiones graves
call-offense-violence_major_injury = Violencia con lesiones graves
call-offense-weapon = Posesión de un arma
call-offense-other = Otro
