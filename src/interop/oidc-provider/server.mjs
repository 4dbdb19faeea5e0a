// A small, real OpenID provider for pkce-filter's interoperability tests.
//
//   node server.mjs CONFIG.json
//
// Built on oidc-provider (pinned in package.json). It listens on 127.0.0.1 only,
// with the issuer http://127.0.0.1:<port>, keeps everything in memory and prints
// "oidc-provider ready <issuer>" once it accepts connections. See README.md.

import * as crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';

import Provider, { errors } from 'oidc-provider';

// ---------------------------------------------------------------- config

function fail(message) {
  process.stderr.write(`oidc-provider: ${message}\n`);
  process.exit(2);
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readConfig(path) {
  if (!path) {
    fail('usage: node server.mjs CONFIG.json');
  }
  let config;
  try {
    config = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    fail(`cannot read config ${path}: ${err.message}`);
  }
  if (!isObject(config)) {
    fail('config must be a JSON object');
  }
  const { port } = config;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    fail(`config.port must be an integer 1..65535, got ${JSON.stringify(port)}`);
  }
  const ttl = config.accessTokenTtlSeconds ?? 60;
  if (!Number.isInteger(ttl) || ttl < 1) {
    fail(`config.accessTokenTtlSeconds must be a positive integer, got ${JSON.stringify(ttl)}`);
  }
  if (!Array.isArray(config.users) || config.users.length === 0) {
    fail('config.users must be a non-empty array');
  }
  const users = new Map();
  config.users.forEach((user, i) => {
    if (!isObject(user) || typeof user.username !== 'string' || !user.username
        || typeof user.password !== 'string') {
      fail(`config.users[${i}] needs a non-empty string username and a string password`);
    }
    if (user.claims !== undefined && !isObject(user.claims)) {
      fail(`config.users[${i}].claims must be an object`);
    }
    if (users.has(user.username)) {
      fail(`config.users[${i}]: duplicate username ${JSON.stringify(user.username)}`);
    }
    users.set(user.username, user);
  });
  if (!Array.isArray(config.clients) || config.clients.length === 0) {
    fail('config.clients must be a non-empty array');
  }
  const clients = config.clients.map((client, i) => {
    if (!isObject(client) || typeof client.client_id !== 'string' || !client.client_id) {
      fail(`config.clients[${i}] needs a non-empty string client_id`);
    }
    if (!Array.isArray(client.redirect_uris) || client.redirect_uris.length === 0) {
      fail(`config.clients[${i}] (${client.client_id}) needs a non-empty redirect_uris array`);
    }
    // Every other standard metadata field passes through unchanged; these are defaults only.
    return {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      backchannel_logout_session_required: true,
      ...client,
    };
  });
  const { mtls } = config;
  if (mtls !== undefined && (!isObject(mtls) || !Number.isInteger(mtls.port) || typeof mtls.key !== 'string'
      || typeof mtls.cert !== 'string' || typeof mtls.ca !== 'string')) {
    fail('config.mtls must be an object with an integer port and the paths key, cert and ca');
  }
  return { port, accessTokenTtlSeconds: ttl, users, clients, mtls };
}

const config = readConfig(process.argv[2]);
const issuer = `http://127.0.0.1:${config.port}`;

// ---------------------------------------------------------------- keys

function signingKeys() {
  const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
    .export({ format: 'jwk' });
  const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
    .export({ format: 'jwk' });
  return {
    keys: [
      { ...rsa, kid: 'rsa-1', use: 'sig', alg: 'RS256' },
      { ...ec, kid: 'ec-1', use: 'sig', alg: 'ES256' },
    ],
  };
}

// ---------------------------------------------------------------- mutual TLS (RFC 8705)

// With config.mtls, a second listener on https://127.0.0.1:<mtls.port> asks every client for a certificate
// (without refusing one it cannot verify: self-signed ones are checked against the client's registered keys)
// and serves the token, PAR and userinfo endpoints, announced as mtls_endpoint_aliases. The issuer stays http.
const mtlsOrigin = config.mtls ? `https://127.0.0.1:${config.mtls.port}` : undefined;

function peerCertificate(ctx) {
  const { socket } = ctx.req;
  if (typeof socket.getPeerCertificate !== 'function') {
    return undefined;
  }
  const peer = socket.getPeerCertificate();
  return peer && peer.raw ? new crypto.X509Certificate(peer.raw) : undefined;
}

// tls_client_auth_subject_dn, as RFC 4514 writes it; node lists the RDNs one per line, in certificate order.
function subjectMatches(ctx, property, expected) {
  const certificate = peerCertificate(ctx);
  if (!certificate || property !== 'tls_client_auth_subject_dn') {
    return false;
  }
  const rdns = certificate.subject.split('\n');
  return [rdns.join(','), [...rdns].reverse().join(',')].includes(expected);
}

const mTLS = {
  enabled: true,
  certificateBoundAccessTokens: true,
  selfSignedTlsClientAuth: true,
  tlsClientAuth: true,
  getCertificate: peerCertificate,
  certificateAuthorized: (ctx) => ctx.req.socket.authorized === true,
  certificateSubjectMatches: subjectMatches,
};

// ---------------------------------------------------------------- html

function esc(value) {
  return String(value)
    .replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

// No external resources (fonts, scripts): a browser under test must not leave the machine.
function page(title, body) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(title)}</title>
<style>body{font-family:sans-serif;max-width:24em;margin:2em auto}label,input,button{display:block;margin:.3em 0}.error{color:#b00020}</style>
</head>
<body>
<h1>${esc(title)}</h1>
${body}
</body>
</html>
`;
}

function loginPage(uid, clientId, username, error) {
  const action = `/interaction/${encodeURIComponent(uid)}/login`;
  return page('Sign in', `${error ? `<p class="error" id="error">${esc(error)}</p>\n` : ''}<p>to continue to <span id="client">${esc(clientId)}</span></p>
<form id="login-form" method="post" action="${esc(action)}" autocomplete="off">
<label for="username">Username</label>
<input type="text" id="username" name="username" value="${esc(username ?? '')}" autofocus required>
<label for="password">Password</label>
<input type="password" id="password" name="password" required>
<button type="submit" id="login">Sign in</button>
</form>
<p><a id="cancel" href="/interaction/${esc(encodeURIComponent(uid))}/abort">Cancel</a></p>`);
}

// oidc-provider hands over '<form id="op.logoutForm" ...><input type="hidden" name="xsrf" .../></form>';
// the buttons go inside it so that no client has to support the form="" attribute.
async function logoutSource(ctx, form) {
  const buttons = '\n<button type="submit" id="logout" name="logout" value="yes">Yes, sign me out</button>\n'
    + '<button type="submit" id="stay">No, stay signed in</button>\n';
  ctx.type = 'html';
  ctx.body = page('Sign out', `<p>Do you want to sign out from ${esc(ctx.host)}?</p>\n${form.replace('</form>', `${buttons}</form>`)}`);
}

async function postLogoutSuccessSource(ctx) {
  const client = ctx.oidc.client?.clientId;
  ctx.type = 'html';
  ctx.body = page('Signed out', `<p id="signed-out">Your sign-out${client ? ` from ${esc(client)}` : ''} was successful.</p>`);
}

async function renderError(ctx, out) {
  ctx.type = 'html';
  ctx.body = page('Error', Object.entries(out)
    .map(([key, value]) => `<p><strong>${esc(key)}</strong>: <span id="${esc(key)}">${esc(value)}</span></p>`)
    .join('\n'));
}

// ---------------------------------------------------------------- accounts

async function findAccount(ctx, sub) {
  const user = config.users.get(sub);
  if (!user) {
    return undefined;
  }
  return {
    accountId: sub,
    async claims() {
      return { ...(user.claims ?? {}), sub };
    },
  };
}

// ---------------------------------------------------------------- test counters

const tokenRequests = { authorization_code: 0, refresh_token: 0, refused: 0 };
const backchannel = [];
// client_id -> the x5t#S256 of the last access token issued to it, or null when it was not certificate-bound
const boundTokens = {};

// ---------------------------------------------------------------- provider

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

const provider = new Provider(issuer, {
  clients: config.clients,
  jwks: signingKeys(),
  findAccount,
  cookies: {
    // The OP and the app under test share the host 127.0.0.1 (cookies ignore ports):
    // distinct names keep the two sets of cookies apart.
    names: { session: 'op_session', interaction: 'op_interaction', resume: 'op_interaction_resume' },
    // secure is only set when the request came over TLS (it does not here); SameSite=Lax,
    // HttpOnly: Chromium keeps these over http://127.0.0.1.
    long: { httpOnly: true, sameSite: 'lax' },
    short: { httpOnly: true, sameSite: 'lax' },
    keys: [crypto.randomBytes(32).toString('base64url')],
  },
  claims: {
    acr: null,
    sid: null,
    auth_time: null,
    iss: null,
    openid: ['sub'],
    profile: [
      'name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username',
      'profile', 'picture', 'website', 'gender', 'birthdate', 'zoneinfo', 'locale', 'updated_at',
      'roles', 'groups',
    ],
    email: ['email', 'email_verified'],
  },
  conformIdTokenClaims: false,
  responseTypes: ['code'],
  pkce: { required: () => true }, // v9 only knows S256; 'plain' is refused
  clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none',
    'tls_client_auth', 'self_signed_tls_client_auth'],
  discovery: mtlsOrigin ? {
    mtls_endpoint_aliases: {
      token_endpoint: `${mtlsOrigin}/token`,
      userinfo_endpoint: `${mtlsOrigin}/me`,
      pushed_authorization_request_endpoint: `${mtlsOrigin}/request`,
    },
  } : {},
  enabledJWA: {
    clientAuthSigningAlgValues: ['HS256', 'RS256', 'PS256', 'ES256'],
  },
  features: {
    devInteractions: { enabled: false },
    backchannelLogout: { enabled: true },
    rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
    revocation: { enabled: true },
    // On by default in v9; named so that the interop suite's PAR test does not hang on a default.
    pushedAuthorizationRequests: { enabled: true },
    // DPoP with server nonces (RFC 9449 §8): a client must answer use_dpop_nonce with the nonce it is given.
    dPoP: { enabled: true, nonceSecret: crypto.randomBytes(32), requireNonce: () => true },
    mTLS,
  },
  // A refresh token for every client allowed the refresh_token grant, offline_access or not.
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  rotateRefreshToken: true,
  ttl: {
    AccessToken: config.accessTokenTtlSeconds,
    AuthorizationCode: 60,
    IdToken: 600,
    RefreshToken: 12 * 60 * 60,
    Interaction: 60 * 60,
    Session: 12 * 60 * 60,
    Grant: 12 * 60 * 60,
  },
  // Back-channel logout targets the app under test on 127.0.0.1, which oidc-provider's SSRF
  // guard would refuse; loopback URLs go out without that guard, anything else keeps it.
  fetch(url, options) {
    if (loopbackHosts.has(new URL(url).host.replace(/:\d+$/, ''))) {
      const { dispatcher, ...rest } = options;
      return globalThis.fetch(url, rest);
    }
    return globalThis.fetch(url, options);
  },
  renderError,
  clientBasedCORS: () => false,
});

// ---------------------------------------------------------------- events and logging

function log(line) {
  process.stdout.write(`${line}\n`);
}

provider.on('grant.error', (ctx, err) => {
  ctx.state.tokenError = err;
});
provider.on('server_error', (ctx, err) => {
  process.stderr.write(`server_error on ${ctx.method} ${ctx.path}: ${err?.stack ?? err}\n`);
  ctx.state.tokenError = err;
});
provider.on('backchannel.success', (ctx, client) => {
  backchannel.push({ client_id: client.clientId, status: 'success' });
  log(`backchannel-logout client_id=${client.clientId} outcome=success`);
});
provider.on('backchannel.error', (ctx, err, client) => {
  const message = err.cause?.message ? `${err.message}: ${err.cause.message}` : err.message;
  const entry = { client_id: client.clientId, status: 'error', error: message };
  if (err.response?.status) {
    entry.http_status = err.response.status;
  }
  backchannel.push(entry);
  log(`backchannel-logout client_id=${client.clientId} outcome=error (${message})`);
});
provider.on('end_session.success', (ctx) => {
  log(`end-session client_id=${ctx.oidc.client?.clientId ?? '-'} outcome=success`);
});

// ---------------------------------------------------------------- http helpers

function sha256(value) {
  return crypto.createHash('sha256').update(value, 'utf8').digest();
}

async function readForm(req, limit = 64 * 1024) {
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) {
      throw new errors.InvalidRequest('request body too large');
    }
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function html(ctx, status, body) {
  ctx.status = status;
  ctx.type = 'html';
  ctx.set('cache-control', 'no-store');
  ctx.body = body;
}

function json(ctx, body) {
  ctx.status = 200;
  ctx.set('cache-control', 'no-store');
  ctx.body = body;
}

async function finish(ctx, result, mergeWithLastSubmission) {
  const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission });
  ctx.status = 303;
  ctx.set('cache-control', 'no-store');
  ctx.redirect(returnTo);
}

// Grants every requested scope and claim: the consent prompt never shows a page.
async function autoConsent(ctx, details) {
  const { prompt: { details: missing }, params, session: { accountId } } = details;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId, clientId: params.client_id });
  if (missing.missingOIDCScope) {
    grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  }
  if (missing.missingOIDCClaims) {
    grant.addOIDCClaims(missing.missingOIDCClaims);
  }
  if (missing.missingResourceScopes) {
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes)) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
  }
  const grantId = await grant.save();
  log(`consent client_id=${params.client_id} account=${accountId} outcome=granted`);
  await finish(ctx, { consent: details.grantId ? {} : { grantId } }, true);
}

const interactionPath = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|abort))?$/;

async function interactions(ctx, match) {
  const [, uid, action] = match;
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (details.uid !== uid) {
    throw new errors.InvalidRequest('interaction does not match its cookie');
  }
  const prompt = details.prompt.name;
  const clientId = details.params.client_id;

  if (action === undefined && ctx.method === 'GET') {
    if (prompt === 'login') {
      html(ctx, 200, loginPage(uid, clientId, details.params.login_hint));
      return;
    }
    if (prompt === 'consent') {
      await autoConsent(ctx, details);
      return;
    }
    throw new errors.InvalidRequest(`unsupported prompt ${prompt}`);
  }

  if (action === 'login' && ctx.method === 'POST') {
    if (prompt !== 'login') {
      throw new errors.InvalidRequest('this interaction does not ask for a login');
    }
    const form = await readForm(ctx.req);
    const username = form.get('username') ?? '';
    const password = form.get('password') ?? '';
    const user = config.users.get(username);
    const ok = user !== undefined
      && crypto.timingSafeEqual(sha256(password), sha256(user.password));
    log(`login client_id=${clientId} username=${JSON.stringify(username)} outcome=${ok ? 'success' : 'failed'}`);
    if (!ok) {
      html(ctx, 200, loginPage(uid, clientId, username, 'Invalid username or password.'));
      return;
    }
    await finish(ctx, { login: { accountId: username } }, false);
    return;
  }

  if (action === 'abort' && ctx.method === 'GET') {
    log(`login client_id=${clientId} outcome=aborted`);
    await finish(ctx, { error: 'access_denied', error_description: 'End-User aborted interaction' }, false);
    return;
  }

  ctx.status = 405;
  ctx.body = 'method not allowed';
}

// ---------------------------------------------------------------- middleware

provider.use(async (ctx, next) => {
  // test-only endpoints
  if (ctx.path === '/test/token-requests' && ctx.method === 'GET') {
    json(ctx, { ...tokenRequests });
    return;
  }
  if (ctx.path === '/test/bound-tokens' && ctx.method === 'GET') {
    json(ctx, { ...boundTokens });
    return;
  }
  if (ctx.path === '/test/backchannel' && ctx.method === 'GET') {
    json(ctx, backchannel);
    return;
  }
  if (ctx.path === '/test/reset' && ctx.method === 'POST') {
    tokenRequests.authorization_code = 0;
    tokenRequests.refresh_token = 0;
    tokenRequests.refused = 0;
    backchannel.length = 0;
    ctx.status = 204;
    return;
  }

  // login form and automatic consent
  const match = interactionPath.exec(ctx.path);
  if (match) {
    try {
      await interactions(ctx, match);
    } catch (err) {
      const status = err.statusCode ?? 500;
      if (status >= 500) {
        process.stderr.write(`interaction error: ${err.stack ?? err}\n`);
      }
      html(ctx, status, page('Error', `<p><strong>error</strong>: <span id="error">${esc(err.error ?? 'server_error')}</span></p>
<p><strong>error_description</strong>: <span id="error_description">${esc(err.error_description ?? err.message)}</span></p>`));
    }
    return;
  }

  await next();

  // one log line per token request; counters for the tests
  if (ctx.path === '/token' && ctx.method === 'POST') {
    const grantType = ctx.oidc?.params?.grant_type ?? '-';
    const clientId = ctx.oidc?.client?.clientId ?? ctx.oidc?.params?.client_id ?? '-';
    if (ctx.status === 200) {
      if (grantType in tokenRequests && grantType !== 'refused') {
        tokenRequests[grantType] += 1;
      }
      const issued = ctx.body?.access_token ? await provider.AccessToken.find(ctx.body.access_token) : undefined;
      boundTokens[clientId] = issued?.['x5t#S256'] ?? null;
      log(`token grant_type=${grantType} client_id=${clientId} outcome=success${issued?.['x5t#S256'] ? ' bound=x5t#S256' : ''}`);
    } else {
      tokenRequests.refused += 1;
      const err = ctx.state.tokenError;
      const code = err?.error ?? ctx.body?.error ?? 'error';
      const detail = err?.error_detail ?? err?.error_description;
      log(`token grant_type=${grantType} client_id=${clientId} outcome=refused status=${ctx.status} error=${code}${detail ? ` (${detail})` : ''}`);
    }
  }
});

// ---------------------------------------------------------------- start

// Static clients are validated lazily; find each one now so bad metadata fails the start.
for (const { client_id: clientId } of config.clients) {
  try {
    await provider.Client.find(clientId);
  } catch (err) {
    fail(`client ${clientId}: ${err.error_description ?? err.message}`);
  }
}

const servers = [];
async function listen(server, port, origin) {
  servers.push(server);
  await new Promise((resolve) => {
    server.on('error', (err) => fail(`cannot listen on ${origin}: ${err.message}`));
    server.listen(port, '127.0.0.1', resolve);
  });
}

if (config.mtls) {
  await listen(https.createServer({
    key: readFileSync(config.mtls.key),
    cert: readFileSync(config.mtls.cert),
    ca: readFileSync(config.mtls.ca),
    requestCert: true,
    rejectUnauthorized: false,
  }, provider.callback()), config.mtls.port, mtlsOrigin);
}
// The ready line comes last: the tests wait for it before they use either listener.
await listen(http.createServer(provider.callback()), config.port, issuer);
log(`oidc-provider ready ${issuer}`);

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    servers.forEach((server) => server.close());
    process.exit(0);
  });
}
