import { useEffect, useState } from 'preact/hooks';
import { apiToken, setApiToken, UNAUTHORIZED_EVENT } from '../lib/api';

/**
 * Asks for an API token once the server answered 401: Vigil with tokens configured requires one on
 * every API call, and the token decides the tenant. Shown above every page, since any page's
 * first call can be the one refused.
 */
export function TokenPrompt() {
  const [asked, setAsked] = useState(false);
  const [value, setValue] = useState('');
  useEffect(() => {
    const on = () => setAsked(true);
    window.addEventListener(UNAUTHORIZED_EVENT, on);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, on);
  }, []);
  if (!asked) return null;
  const had = apiToken() !== null;
  return (
    <form
      class="error token-prompt"
      role="alert"
      data-testid="token-prompt"
      onSubmit={(e) => {
        e.preventDefault();
        setApiToken(value.trim() || null);
        location.reload();
      }}
    >
      <label for="vigil-token">
        {had ? 'The server refused this API token. ' : 'This Vigil server requires an API token. '}
        Token:
      </label>{' '}
      <input
        id="vigil-token"
        type="password"
        autocomplete="off"
        value={value}
        onInput={(e) => setValue((e.target as HTMLInputElement).value)}
      />{' '}
      <button type="submit">Use it</button>{' '}
      {had && (
        <button type="button" class="link" onClick={() => { setApiToken(null); location.reload(); }}>
          Forget the token
        </button>
      )}
      <span class="muted"> Kept for this tab only.</span>
    </form>
  );
}
