// A real OpenID Connect provider (npm oidc-provider) on loopback, standing in for an
// eID service (BundID, the ID card's online function) in tests.
//
//   node e2e/oidc/provider.mjs --port 4010 --redirect http://localhost:8080/konto/eid/rueckkehr
//
// The person who "shows their ID card" is set by the test before each login:
//   POST /test/next  {"sub": "...", "acr": "urn:eid:high", "claims": {...}, "mode": "..."}
// Logins need no page: the interaction finishes at once with that person. `mode` lets a
// test attack Rathaus with a forged token from the token endpoint:
//   bad-signature   the ID token's signature is broken
//   wrong-audience  a correctly signed ID token for another client
//   replay-token    the ID token of the previous login (an old nonce)
// Licence: EUPL-1.2.
import Provider from 'oidc-provider';
import { SignJWT, decodeJwt, exportJWK, generateKeyPair, importJWK } from 'jose';

function argument(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const port = Number(argument('port', '4010'));
const redirect = argument('redirect', 'http://localhost:8080/konto/eid/rueckkehr');
const issuer = `http://127.0.0.1:${port}`;

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), kid: 'eid-test-key', alg: 'RS256', use: 'sig' };
const signingKey = await importJWK(jwk, 'RS256');

let next = { sub: 'eid-person-1', acr: 'urn:eid:high', claims: {}, mode: null };
let previousIdToken = null;

const configuration = {
  clients: [
    {
      client_id: 'rathaus',
      client_secret: 'rathaus-test-secret',
      redirect_uris: [redirect],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  jwks: { keys: [jwk] },
  claims: {
    // Like eID services, the level of assurance comes with every ID token.
    openid: ['sub', 'acr'],
    profile: ['given_name', 'family_name', 'birthdate'],
    address: ['address'],
  },
  acrValues: ['urn:eid:high', 'urn:eid:substantial', 'urn:eid:low'],
  // The attributes travel in the signed ID token, not only through userinfo.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: ['rathaus-test-cookie-key'] },
  async findAccount(ctx, sub) {
    return {
      accountId: sub,
      async claims() {
        return { sub, acr: next.acr, ...(sub === next.sub ? next.claims : {}) };
      },
    };
  },
};

const provider = new Provider(issuer, configuration);
provider.proxy = false;

provider.use(async (ctx, nextMiddleware) => {
  if (ctx.method === 'POST' && ctx.path === '/test/next') {
    const chunks = [];
    for await (const chunk of ctx.req) chunks.push(chunk);
    next = { mode: null, claims: {}, ...JSON.parse(Buffer.concat(chunks).toString('utf8')) };
    ctx.status = 204;
    return;
  }
  if (ctx.path.startsWith('/interaction/')) {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const grant = new provider.Grant({ accountId: next.sub, clientId: details.params.client_id });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    const result = { login: { accountId: next.sub, acr: next.acr }, consent: { grantId } };
    ctx.redirect(await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false }));
    return;
  }
  await nextMiddleware();
  if (ctx.path === '/token' && ctx.status === 200 && ctx.body && ctx.body.id_token) {
    const issued = ctx.body.id_token;
    ctx.body = { ...ctx.body, id_token: await tamper(issued) };
    previousIdToken = issued;
  }
});

async function tamper(idToken) {
  switch (next.mode) {
    case 'bad-signature': {
      const [header, payload, signature] = idToken.split('.');
      const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
      return [header, payload, flipped].join('.');
    }
    case 'wrong-audience': {
      const claims = { ...decodeJwt(idToken), aud: 'another-client' };
      return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: jwk.kid, typ: 'JWT' }).sign(signingKey);
    }
    case 'replay-token':
      return previousIdToken ?? idToken;
    default:
      return idToken;
  }
}

provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc test provider listens on ${issuer}`);
});
