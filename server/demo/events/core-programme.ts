/*
 * The words of the demo conferences' programmes: realistic ITSM sessions, the guest speakers and the
 * shape of a conference day. Kept apart from core.ts, which writes them.
 */

export const tracks = [
  { name: 'Service operations', description: 'Incident, problem and change management in practice' },
  { name: 'Strategy and value', description: 'Service portfolios, value streams and the business case' },
  { name: 'People and practice', description: 'Skills, careers, culture and the service desk' },
];

export const keynotes = [
  'Opening keynote: Service management after the hype cycle',
  'Closing panel: What we will stop doing next year',
  'Keynote: Ten years of value streams, honestly measured',
  'Closing panel: The service desk in 2030',
];

/** Talks, panels and workshops, in the order they fill the rooms (Main hall, Room A, Room B). */
export const titles = [
  'Shift-left that stuck: moving 40% of tickets to the first line',
  'Major incident reviews without blame',
  'Workshop: Mapping your first value stream',
  'Change advisory boards: keep, shrink or automate?',
  'Knowledge-centred service at a university IT department',
  'Workshop: Writing a service catalogue people read',
  'Problem management: finding the ten problems behind half your incidents',
  'From SLAs to XLAs: measuring experience',
  'Workshop: Running a post-incident review',
  'Panel: Outsourcing the service desk and bringing it back',
  'Configuration management databases that stay true',
  'Workshop: Practical swarming for second-line teams',
  'Service level management for cloud services',
  'Career paths for service desk analysts',
  'Workshop: Building a CSI register that gets used',
  'Automating standard changes safely',
  'Event management and AIOps: what the alerts really tell you',
  'Workshop: Designing a major incident communication plan',
  'Financial management for IT services on one page',
  'Mentoring in the service management community',
  'Workshop: Portfolio prioritisation with cost of delay',
  'Panel: Is ITIL 4 working for small teams?',
  'Supplier management when everything is a subscription',
  'Workshop: Getting started with service design packages',
  'Availability management for public services',
  'Running a service desk for 10,000 students',
  'Workshop: Continual improvement with a value stream map',
  'Release management in a weekly-deploy world',
  'Security incidents and the service desk: one process or two?',
  'Workshop: Capacity planning with the data you already have',
  'Service management in the NHS: lessons from the front line',
  'Self-service portals that reduce calls',
  'Workshop: Measuring what your customers value',
  'Panel: Service management certification and CPD',
  'Asset management for hybrid work',
  'Workshop: Facilitating a problem-solving session',
  'Experience from a merger: two service desks become one',
  'The business relationship manager as translator',
  'Workshop: Writing good incident tickets',
  'Getting leadership to fund improvement',
  'Chatbots at the service desk: a year of data',
  'Workshop: Building a skills matrix for your team',
];

/** Last year's, shorter programme. */
export const pastTitles = [
  'Keynote: The service desk as the front door',
  'Incident management metrics that matter',
  'Workshop: Problem management basics',
  'Change enablement in regulated industries',
  'Panel: Remote support, two years on',
  'Workshop: Service catalogue first steps',
  'Keynote: Service management and sustainability',
  'Knowledge management that people use',
  'Workshop: Running a retrospective',
  'Service level agreements in plain English',
  'Panel: Building a service management career',
  'Workshop: Value stream mapping for beginners',
];

export const guestSpeakers = [
  { name: 'Helen Ward', email: 'helen.ward@speakers.example.org', bio: 'Head of Service Operations at a national rail operator.' },
  { name: 'Rajesh Iyer', email: 'rajesh.iyer@speakers.example.org', bio: 'Service management consultant and author.' },
  { name: 'Maria Gonzalez', email: 'maria.gonzalez@speakers.example.org', bio: 'Director of IT Services at a large university.' },
  { name: 'Tom Fielding', email: 'tom.fielding@speakers.example.org', bio: 'Problem manager in financial services.' },
  { name: 'Ama Mensah', email: 'ama.mensah@speakers.example.org', bio: 'Service desk manager for a housing association.' },
  { name: 'Lukas Brandt', email: 'lukas.brandt@speakers.example.org', bio: 'Change and release lead at a software company.' },
  { name: 'Sofia Rossi', email: 'sofia.rossi@speakers.example.org', bio: 'Experience level agreements researcher.' },
  { name: 'James O’Connell', email: 'james.oconnell@speakers.example.org', bio: 'CIO of a regional health board.' },
  { name: 'Mei Lin', email: 'mei.lin@speakers.example.org', bio: 'Knowledge management practitioner.' },
  { name: 'Oliver Grant', email: 'oliver.grant@speakers.example.org', bio: 'Service owner for cloud platforms.' },
  { name: 'Fatima Khan', email: 'fatima.khan@speakers.example.org', bio: 'Supplier manager in local government.' },
  { name: 'Daniel Novak', email: 'daniel.novak@speakers.example.org', bio: 'AIOps engineer.' },
  { name: 'Grace Adeyemi', email: 'grace.adeyemi@speakers.example.org', bio: 'Business relationship manager in retail.' },
  { name: 'Peter Svensson', email: 'peter.svensson@speakers.example.org', bio: 'Asset manager for a logistics company.' },
  { name: 'Nadia Haddad', email: 'nadia.haddad@speakers.example.org', bio: 'Security operations lead.' },
  { name: 'Chris Morgan', email: 'chris.morgan@speakers.example.org', bio: 'Service desk team lead and mentor.' },
  { name: 'Yuki Tanaka', email: 'yuki.tanaka@speakers.example.org', bio: 'Continual improvement coach.' },
  { name: 'Ruth Abernethy', email: 'ruth.abernethy@speakers.example.org', bio: 'Head of IT finance.' },
  { name: 'Kwame Asante', email: 'kwame.asante@speakers.example.org', bio: 'Availability and capacity manager.' },
  { name: 'Elif Demir', email: 'elif.demir@speakers.example.org', bio: 'Self-service portal product owner.' },
];

/** A conference day's slots after the opening keynote (start, end), each in all three rooms. */
export const daySlots: Array<[string, string]> = [
  ['10:00', '10:45'],
  ['11:00', '11:45'],
  ['12:00', '12:45'],
  ['13:45', '14:30'],
  ['14:45', '15:30'],
  ['15:45', '16:30'],
  ['16:45', '17:30'],
];
