//! Word lists: stop words in English and Spanish, and a Spanish-to-English glossary of the words people use
//! about school safety. All entries are lower case without accents or apostrophes, the form
//! [`crate::text::fold`] gives, so one lookup serves "policía", "Policia" and "POLICÍA".

/// Function words, contractions and the fillers of written comments ("honestly", "please", "thanks"):
/// they carry no topic, and in short texts they would otherwise decide which comments look alike.
#[rustfmt::skip]
pub(crate) const ENGLISH_STOP: &[&str] = &[
    "a", "about", "above", "actually", "after", "again", "against", "ago", "all", "almost", "also", "always",
    "am", "among", "an", "and", "another", "any", "anyone", "anything", "anyway", "are", "arent", "around",
    "as", "at", "away", "back", "be", "became", "because", "been", "before", "being", "below", "between",
    "both", "but", "by", "can", "cant", "cannot", "could", "couldnt", "did", "didnt", "do", "does",
    "doesnt", "doing", "dont", "down", "during", "each", "either", "else", "enough", "etc", "even", "ever",
    "every", "few", "for", "from", "further", "get", "gets", "getting", "go", "goes", "going", "gonna",
    "got", "had", "hadnt", "has", "hasnt", "have", "havent", "having", "he", "hed", "hell", "her", "here",
    "hers", "herself", "hes", "him", "himself", "his", "honest", "honestly", "how", "however", "i", "id",
    "if", "ill", "im", "in", "into", "is", "isnt", "it", "itd", "itll", "its", "itself", "ive", "just",
    "kind", "know", "let", "lets", "like", "lot", "lots", "made", "make", "makes", "many", "may", "maybe",
    "me", "might", "mine", "more", "most", "much", "must", "mustnt", "my", "myself", "need", "needs", "no", "nor", "not",
    "now", "of", "off", "often", "ok", "okay", "on", "once", "one", "only", "or", "other", "others",
    "otherwise", "ought", "our", "ours", "ourselves", "out", "over", "own", "per", "please", "pretty",
    "quite", "rather", "really", "said", "same", "say", "says", "see", "seem", "seems", "shall", "she",
    "shed", "shell", "shes", "should", "shouldnt", "since", "so", "some", "someone", "something", "still",
    "such", "sure", "than", "thank", "thanks", "that", "thats", "the", "their", "theirs", "them",
    "themselves", "then", "there", "theres", "these", "they", "theyd", "theyll", "theyre", "theyve",
    "thing", "things", "think", "this", "those", "though", "through", "thru", "to", "too", "toward",
    "towards", "u", "under", "until", "up", "upon", "us", "very", "via", "want", "was", "wasnt", "way",
    "we", "wed", "well", "were", "werent", "weve", "what", "whats", "when", "whenever", "where", "whether",
    "which", "while", "who", "whole", "whom", "whos", "whose", "why", "will", "with", "within", "without",
    "wont", "would", "wouldnt", "yeah", "yes", "yet", "you", "youd", "youll", "your", "youre", "yours",
    "yourself", "yourselves", "youve",
];

/// Spanish function words and the commonest verbs of opinion, without accents.
#[rustfmt::skip]
pub(crate) const SPANISH_STOP: &[&str] = &[
    "a", "al", "algo", "alguien", "algun", "alguna", "algunas", "alguno", "algunos", "ante", "antes", "aqui",
    "asi", "aun", "aunque", "bien", "cada", "casi", "como", "con", "contra", "creo", "cual", "cuales",
    "cuando", "cuanto", "de", "debe", "deben", "deberia", "deberian", "del", "desde", "donde", "dos", "durante",
    "e", "el", "ella", "ellas", "ello", "ellos", "en", "entonces", "entre", "era", "eran", "es", "esa", "esas",
    "ese", "eso", "esos", "esta", "estaba", "estamos", "estan", "estar", "estas", "este", "esto", "estos",
    "estoy", "favor", "fue", "fueron", "gracias", "ha", "hace", "hacen", "hacer", "han", "hasta", "hay", "he", "hemos",
    "la", "las", "le", "les", "lo", "los", "mas", "me", "mi", "mis", "mucho", "muchos", "muy", "nada", "ni",
    "no", "nos", "nosotras", "nosotros", "nuestra", "nuestras", "nuestro", "nuestros", "o", "otra", "otras",
    "otro", "otros", "para", "pero", "pienso", "poco", "por", "porque", "pues", "puede", "pueden", "que", "queremos", "quiero",
    "quien", "quienes", "se", "sea", "sean", "saber", "ser", "si", "sido", "siempre", "sin", "sino", "sobre", "solo",
    "son", "soy", "su", "sus", "tal", "tambien", "tan", "tanto", "te", "tener", "tengo", "tiene", "tienen",
    "toda", "todas", "todo", "todos", "tu", "tus", "un", "una", "unas", "uno", "unos", "usted", "ustedes",
    "va", "van", "vez", "y", "ya", "yo",
];

/// Words frequent in Spanish and rare in English (and the reverse), for guessing a comment's language.
#[rustfmt::skip]
pub(crate) const SPANISH_MARKERS: &[&str] = &[
    "el", "la", "los", "las", "de", "del", "que", "y", "en", "por", "para", "con", "una", "es", "son", "no",
    "se", "su", "al", "muy", "mas", "pero", "como", "porque", "nuestros", "nuestras",
];
#[rustfmt::skip]
pub(crate) const ENGLISH_MARKERS: &[&str] = &[
    "the", "and", "of", "to", "is", "are", "in", "that", "for", "with", "it", "this", "be", "not", "they",
    "we", "our", "should", "have", "at", "my", "on", "was",
];

/// Spanish words about school safety with the English word they are grouped with. Without it a lexical
/// method sees a Spanish comment about counselors as closer to any other Spanish comment than to an
/// English one about counselors, and the Spanish comments become a "theme" of their own. A general
/// vocabulary of the field (people, places, safety, discipline, health, money, communication), not a list
/// of theme keywords.
#[rustfmt::skip]
pub(crate) const SPANISH_GLOSSARY: &[(&str, &str)] = &[
    ("abuso", "abuse"), ("acoso", "harassment"), ("acosan", "harass"), ("acuerdo", "agreement"),
    ("adolescente", "teenager"), ("adolescentes", "teenagers"), ("agente", "officer"), ("agentes", "officers"),
    ("alumno", "student"), ("alumnos", "students"), ("amenaza", "threat"), ("amenazas", "threats"),
    ("ansiedad", "anxiety"), ("apoyo", "support"), ("arma", "weapon"), ("armada", "armed"),
    ("armado", "armed"), ("armados", "armed"), ("armas", "weapons"), ("arrestados", "arrested"),
    ("arrestan", "arrest"), ("arresto", "arrest"), ("arrestos", "arrests"), ("autismo", "autism"),
    ("bano", "bathroom"), ("banos", "bathrooms"), ("bienestar", "wellness"), ("burlan", "mock"),
    ("camara", "camera"), ("camaras", "cameras"), ("capacitacion", "training"), ("castigar", "punish"),
    ("castigo", "punishment"), ("cerradura", "lock"), ("cerraduras", "locks"),
    ("ciudad", "city"), ("clases", "classes"), ("comite", "committee"), ("comunidad", "community"),
    ("confianza", "trust"), ("consejera", "counselor"), ("consejeras", "counselors"),
    ("consejero", "counselor"), ("consejeros", "counselors"), ("contrato", "contract"),
    ("contratos", "contracts"), ("corporales", "body"), ("correo", "email"), ("correos", "emails"),
    ("costo", "cost"), ("criminales", "criminals"), ("cuentas", "accountability"), ("cuesta", "cost"),
    ("datos", "data"), ("delincuentes", "criminals"), ("deprimidos", "depressed"), ("depresion", "depression"),
    ("despedir", "lay off"), ("detectores", "detectors"), ("dinero", "money"), ("disciplina", "discipline"),
    ("discapacidad", "disability"), ("discapacidades", "disabilities"), ("distrito", "district"),
    ("dolar", "dollar"), ("emergencia", "emergency"), ("emergencias", "emergencies"), ("encierro", "lockdown"),
    ("encuesta", "survey"), ("enfermera", "nurse"), ("enfermero", "nurse"), ("entrada", "entrance"),
    ("entrenamiento", "training"), ("escuela", "school"), ("escuelas", "schools"), ("escolar", "school"),
    ("esposaron", "handcuffed"), ("estacionamiento", "parking"), ("estudiante", "student"),
    ("estudiantes", "students"), ("eventos", "events"), ("extra", "overtime"), ("familia", "family"),
    ("familias", "families"), ("fuerza", "force"), ("golpeado", "beaten"), ("hija", "daughter"),
    ("hijo", "son"), ("hijos", "children"), ("horas", "hours"), ("identificacion", "id"),
    ("impuestos", "taxes"), ("informacion", "information"), ("ingles", "english"),
    ("inmigrantes", "immigrant"), ("inseguros", "unsafe"), ("interpretes", "interpreters"),
    ("investiga", "investigates"), ("jovenes", "youth"), ("luz", "lighting"), ("maestra", "teacher"),
    ("maestras", "teachers"), ("maestro", "teacher"), ("maestros", "teachers"), ("mensaje", "message"),
    ("mensajes", "messages"), ("metales", "metal"), ("miedo", "fear"), ("migratorio", "immigration"),
    ("ninos", "kids"), ("nino", "kid"), ("notificados", "notified"), ("oficial", "officer"),
    ("oficiales", "officers"), ("opiniones", "feedback"), ("padres", "parents"), ("pagar", "pay"),
    ("pagando", "paying"), ("pandemia", "pandemic"), ("pasillos", "hallways"), ("pelea", "fight"),
    ("peleas", "fights"), ("policia", "police"), ("policias", "police"), ("policial", "police"),
    ("presupuesto", "budget"), ("prevencion", "prevention"), ("primarias", "elementary"),
    ("profesor", "teacher"), ("profesores", "teachers"), ("programa", "program"), ("programas", "programs"),
    ("protegen", "protect"), ("proteger", "protect"), ("psicologo", "psychologist"),
    ("psicologos", "psychologists"), ("publica", "public"), ("publico", "public"), ("queja", "complaint"),
    ("quejas", "complaints"), ("racistas", "racist"), ("raza", "race"), ("recortes", "cuts"),
    ("redes", "social media"), ("registro", "record"), ("reglas", "rules"), ("renovarlo", "renew"),
    ("renueven", "renew"), ("restaurativos", "restorative"), ("reunion", "meeting"),
    ("reuniones", "meetings"), ("salones", "classrooms"), ("salud", "health"), ("segura", "safe"),
    ("seguridad", "safety"), ("seguro", "safe"), ("seguros", "safe"), ("simulacro", "drill"),
    ("simulacros", "drills"), ("suicidio", "suicide"), ("suspensiones", "suspensions"),
    ("terapia", "therapy"), ("tiroteo", "shooting"), ("tiroteos", "shootings"), ("trabajador", "worker"),
    ("trabajadores", "workers"), ("transparencia", "transparency"), ("vigilados", "watched"),
    ("visitantes", "visitors"),
];
