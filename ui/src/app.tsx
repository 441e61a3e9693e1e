import { useState } from 'preact/hooks';
import { TimePicker } from './components/TimePicker';
import { TokenPrompt } from './components/TokenPrompt';
import { link, rangeOf, setParams, useRoute } from './lib/state';
import { AlertsPage } from './pages/Alerts';
import { LogsPage } from './pages/Logs';
import { MetricsPage } from './pages/Metrics';
import { OverviewPage } from './pages/Overview';
import { RulesPage } from './pages/Rules';
import { ServiceMapPage } from './pages/ServiceMap';
import { SloPage } from './pages/Slo';
import { TracePage } from './pages/Trace';
import { TracesPage } from './pages/Traces';

const NAV: { page: string; label: string; also?: string[] }[] = [
  { page: 'slos', label: 'SLOs', also: ['slo'] },
  { page: 'alerts', label: 'Alerts' },
  { page: 'metrics', label: 'Metrics' },
  { page: 'logs', label: 'Logs' },
  { page: 'traces', label: 'Traces', also: ['trace'] },
  { page: 'map', label: 'Service map' },
  { page: 'rules', label: 'Rules' },
];

export function App() {
  const route = useRoute();
  const [theme, setTheme] = useState(document.documentElement.dataset.theme ?? 'dark');
  const toggleTheme = () => {
    const next = theme === 'dark' ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    localStorage.setItem('vigil.theme', next);
    setTheme(next);
  };
  const range = rangeOf(route);
  const service = route.params.service;
  let page;
  switch (route.page) {
    case 'slo':
      page = <SloPage route={route} />;
      break;
    case 'alerts':
      page = <AlertsPage route={route} />;
      break;
    case 'metrics':
      page = <MetricsPage route={route} />;
      break;
    case 'logs':
      page = <LogsPage route={route} />;
      break;
    case 'traces':
      page = <TracesPage route={route} />;
      break;
    case 'trace':
      page = <TracePage route={route} />;
      break;
    case 'map':
      page = <ServiceMapPage route={route} />;
      break;
    case 'rules':
      page = <RulesPage />;
      break;
    case 'slos':
      page = <OverviewPage route={route} />;
      break;
    default:
      page = (
        <div class="error" role="alert">
          No page called “{route.page}”. <a href={link('slos')}>Go to the SLOs</a>.
        </div>
      );
  }
  return (
    <div class="shell" data-theme-state={theme}>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href={link('slos')} aria-label="Vigil home">
          <span class="dot" aria-hidden="true" /> Vigil
        </a>
        <nav aria-label="Pages">
          {NAV.map((n) => (
            <a key={n.page} href={link(n.page)} aria-current={route.page === n.page || n.also?.includes(route.page) ? 'page' : undefined}>
              {n.label}
            </a>
          ))}
        </nav>
        <div class="spacer" />
        {service && (
          <span class="chip" data-testid="service-filter">
            service: {service}
            <button type="button" class="link" aria-label={`Remove the service filter ${service}`} onClick={() => setParams({ service: undefined })}>
              ✕
            </button>
          </span>
        )}
        <TimePicker key={`${range.from}|${range.to}`} range={range} onChange={(r) => setParams({ from: r.from, to: r.to })} />
        <button type="button" onClick={toggleTheme} aria-label={`Switch to the ${theme === 'dark' ? 'light' : 'dark'} theme`} title="Theme">
          {theme === 'dark' ? '☀' : '☾'}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <TokenPrompt />
        {page}
      </main>
    </div>
  );
}
