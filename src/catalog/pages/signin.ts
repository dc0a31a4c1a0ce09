/** The sign-in page: a kubeconfig pasted whole, or a bearer token and the workspace it is for. */
import { type Html, h } from './html.js';

export function signinBody(error?: string, workspace = ''): Html {
  return h`${error ? h`<p class="error" role="alert">${error}</p>` : h``}
<p>Sign in with your own kcp identity: every read and write the catalog makes about your workspaces is made with it.</p>
<form method="post" action="/signin" class="signin">
  <fieldset>
    <legend>Kubeconfig</legend>
    <label for="kubeconfig">Your team's kubeconfig (its current context; tokens and certificates inline)</label>
    <textarea id="kubeconfig" name="kubeconfig" rows="10" spellcheck="false" autocomplete="off"></textarea>
  </fieldset>
  <p class="or">or</p>
  <fieldset>
    <legend>Token</legend>
    <label for="token">Bearer token</label>
    <input id="token" name="token" type="password" autocomplete="off">
    <label for="workspace">Workspace</label>
    <input id="workspace" name="workspace" placeholder="root:org-a:team-a" value="${workspace}">
  </fieldset>
  <button type="submit">Sign in</button>
</form>`;
}
