// API calls the pages share.
import { getData } from './api';
import type { ExemplarSeries, MatrixSeries, QueryData } from './prom';
import type { Resolved } from './time';

export function queryRange(query: string, r: Resolved, stepSeconds: number): Promise<MatrixSeries[]> {
  return getData<QueryData>('/api/v1/query_range', {
    query,
    start: (r.start / 1000).toFixed(3),
    end: (r.end / 1000).toFixed(3),
    step: stepSeconds,
  }).then((d) => (d.resultType === 'matrix' ? d.result : []));
}

/** The exemplars of the series the query selects, over the range (Prometheus' API). */
export function queryExemplars(query: string, r: Resolved): Promise<ExemplarSeries[]> {
  return getData<ExemplarSeries[]>('/api/v1/query_exemplars', {
    query,
    start: (r.start / 1000).toFixed(3),
    end: (r.end / 1000).toFixed(3),
  });
}

export function queryInstant(query: string, timeMs: number): Promise<QueryData> {
  return getData<QueryData>('/api/v1/query', { query, time: (timeMs / 1000).toFixed(3) });
}

export interface RuleGroup {
  name: string;
  file: string;
  rules: {
    name: string;
    query: string;
    type: 'alerting' | 'recording';
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    health: string;
    lastError?: string;
    state?: string;
  }[];
}
export interface RulesData {
  groups: RuleGroup[];
  files?: { file: string; status: string; keptPrevious: boolean; problems: string[]; slos: number; rules: number }[];
  loadError?: string;
}

export function rules(): Promise<RulesData> {
  return getData<RulesData>('/api/v1/rules');
}
