// @ts-check
// The console's words for the assessments list's progress and the builder's candidate
// preview (assessments.js), in English and Spanish: registered by assessments.js beside
// strings.js.

/** A count's words, as in strings.js. */
const plural = (one, other) => (v) => (Number(v.count ?? v.n) === 1 ? one : other).replace(/\{(\w+)\}/g, (m, k) => (k in v ? String(v[k]) : m));

export const assessmentWords = {
  en: {
    'list.status': 'Status',
    'list.invited': 'Invited',
    'list.completed': 'Completed',
    'list.st.empty': 'No candidates yet',
    'list.st.open': 'Open',
    'list.st.finished': 'All finished',
    'list.st.closed': 'Closed',
    'list.until': 'Invites open until {date}',
    'list.closing': 'Invites expired; a session already opened can run until {date}',
    'list.unfinished': plural('{n} did not finish', '{n} did not finish'),
    'list.progress.none': 'Not counted: this assessment was created before counts were kept. Its Candidates tab has every status.',
    'list.parts.n': plural('{n} part', '{n} parts'),
    'build.preview': 'Preview as candidate',
    'build.preview.newtab': 'opens in a new tab',
    'build.preview.hint': 'Opens the candidate app in a new tab with the selection above, as a candidate would see it: the notice, the overview and each part’s introduction with its time limit. Nothing is saved and nobody is invited.',
  },
  es: {
    'list.status': 'Estado',
    'list.invited': 'Invitados',
    'list.completed': 'Terminaron',
    'list.st.empty': 'Sin candidatos',
    'list.st.open': 'Abierta',
    'list.st.finished': 'Todos terminaron',
    'list.st.closed': 'Cerrada',
    'list.until': 'Invitaciones abiertas hasta el {date}',
    'list.closing': 'Invitaciones vencidas; una sesión ya abierta puede seguir hasta el {date}',
    'list.unfinished': plural('{n} no terminó', '{n} no terminaron'),
    'list.progress.none': 'Sin recuento: esta evaluación se creó antes de que se llevaran los recuentos. Su pestaña Candidatos tiene cada estado.',
    'list.parts.n': plural('{n} parte', '{n} partes'),
    'build.preview': 'Ver como candidato',
    'build.preview.newtab': 'se abre en una pestaña nueva',
    'build.preview.hint': 'Abre la aplicación del candidato en una pestaña nueva con la selección de arriba, tal como la vería un candidato: el aviso, el resumen y la introducción de cada parte con su tiempo límite. No se guarda nada ni se invita a nadie.',
  },
};
