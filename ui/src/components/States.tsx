import type { ComponentChildren } from 'preact';
import { ApiError } from '../lib/api';

/** An API failure, said plainly, where the data would have been. */
export function ErrorBox({ error, what }: { error: Error; what?: string }) {
  const na = error instanceof ApiError && error.notAvailable;
  return (
    <div class={na ? 'notice' : 'error'} role="alert" data-testid={na ? 'not-available' : 'error'}>
      {na ? (
        <>
          <strong>{what ?? 'This'} is not available on this server yet</strong>
          <span>
            {' '}
            ({(error as ApiError).path} answered {(error as ApiError).status}).
          </span>
        </>
      ) : (
        <>
          <strong>{what ? `Could not load ${what}: ` : 'Error: '}</strong>
          <span class="mono">{error.message}</span>
        </>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return (
    <div class="empty" data-testid="empty">
      {children}
    </div>
  );
}

export function Loading({ what }: { what?: string }) {
  return (
    <div class="loading" aria-busy="true">
      Loading{what ? ` ${what}` : ''}…
    </div>
  );
}
