import type { AddressInfo } from 'node:net';
import express from 'express';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

export type RogueMode = 'honest' | 'other-issuer' | 'foreign-key';

/**
 * A minimal OpenID provider whose ID tokens can lie: `other-issuer` signs with its own key
 * but names another issuer, `foreign-key` names itself but signs with a key its JWKS lacks.
 * `honest` is the control that shows the console would accept this provider otherwise.
 */
export async function startRogueProvider(clientId: string) {
  const app = express();
  const published = await generateKeyPair('ES256', { extractable: true });
  const foreign = await generateKeyPair('ES256');
  const state = { mode: 'honest' as RogueMode, nonce: '' };
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  app.get('/.well-known/openid-configuration', (_req, res) => {
    res.json({
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      end_session_endpoint: `${issuer}/logout`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['ES256'],
      code_challenge_methods_supported: ['S256'],
    });
  });
  app.get('/jwks', async (_req, res) => {
    res.json({ keys: [{ ...(await exportJWK(published.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] });
  });
  app.get('/authorize', (req, res) => {
    state.nonce = String(req.query.nonce);
    const back = new URL(String(req.query.redirect_uri));
    back.searchParams.set('code', 'rogue-code');
    back.searchParams.set('state', String(req.query.state));
    res.redirect(303, back.href);
  });
  app.post('/token', async (_req, res) => {
    const id_token = await new SignJWT({ nonce: state.nonce, roles: ['operator'], name: 'Rogue' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(state.mode === 'other-issuer' ? 'https://another-issuer.example' : issuer)
      .setAudience(clientId)
      .setSubject('rogue-operator')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(state.mode === 'foreign-key' ? foreign.privateKey : published.privateKey);
    res.json({ access_token: 'rogue-access', token_type: 'Bearer', expires_in: 300, id_token });
  });

  return {
    issuer,
    setMode: (m: RogueMode) => {
      state.mode = m;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
