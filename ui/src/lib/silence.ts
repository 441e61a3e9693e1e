// Alertmanager v2 silences: matchers as text ("alertname=\"X\", severity=~\"page|ticket\"") and back.

export interface Matcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}
export interface Silence {
  id: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  status: { state: 'active' | 'pending' | 'expired' | string };
}

/** Parses `a="1", b!~"x.*"`; throws Error naming the part it could not read. */
export function parseMatchers(text: string): Matcher[] {
  const out: Matcher[] = [];
  let s = text.trim().replace(/^\{/, '').replace(/\}$/, '').trim();
  const re = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s"]+))\s*(?:,\s*|$)/;
  while (s.length > 0) {
    const m = re.exec(s);
    if (!m) throw new Error(`cannot read the matcher at “${s.slice(0, 30)}”: write name="value", name!="value", name=~"regex" or name!~"regex"`);
    const op = m[2];
    out.push({ name: m[1], value: m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : m[4], isRegex: op.includes('~'), isEqual: !op.startsWith('!') });
    s = s.slice(m[0].length);
  }
  if (out.length === 0) throw new Error('a silence needs at least one matcher');
  return out;
}

export function formatMatcher(m: Matcher): string {
  const op = (m.isEqual ? '' : '!') + (m.isRegex ? '~' : '=');
  const opText = op === '~' ? '=~' : op === '!~' ? '!~' : op === '!=' ? '!=' : '=';
  return `${m.name}${opText}"${m.value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The matchers that silence exactly this alert: its identifying labels. */
export function matchersForAlert(labels: Record<string, string>): string {
  return Object.entries(labels)
    .filter(([k]) => k === 'alertname' || k === 'severity' || k === 'sloth_id' || k === 'job' || k === 'service')
    .map(([k, v]) => formatMatcher({ name: k, value: v, isRegex: false, isEqual: true }))
    .join(', ');
}

/** Whether a silence would match an alert's labels (to show "silenced" beside it). */
export function silenceMatches(s: Silence, labels: Record<string, string>): boolean {
  return s.matchers.every((m) => {
    const v = labels[m.name] ?? '';
    const hit = m.isRegex ? new RegExp(`^(?:${m.value})$`).test(v) : v === m.value;
    return m.isEqual ? hit : !hit;
  });
}
