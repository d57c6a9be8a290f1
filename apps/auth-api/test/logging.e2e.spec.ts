import { DEFAULT_SANDBOX_TOKEN } from '@app/postmark-sandbox';
import { startHarness } from './auth-api.harness';

const ADMIN_KEY = 'admin-key-for-the-log-test-42';

describe('log output of a whole run (e2e)', () => {
  it('never contains the server token, an issued code, the admin key or a full address', async () => {
    const captured: string[] = [];
    const stdout = jest
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: string | Uint8Array) => {
        captured.push(String(chunk));
        return true;
      });
    const stderr = jest
      .spyOn(process.stderr, 'write')
      .mockImplementation((chunk: string | Uint8Array) => {
        captured.push(String(chunk));
        return true;
      });
    const codes: string[] = [];
    const addresses: string[] = [];
    try {
      const h = await startHarness({
        env: { ADMIN_API_KEY: ADMIN_KEY },
        sandboxOptions: { inactiveRecipients: ['gone.person@example.org'] },
        logSink: (line) => captured.push(line),
      });
      try {
        for (const usageType of [
          'Register',
          'SignIn',
          'ForgotPassword',
          'Generic',
        ]) {
          const to = `log.${usageType.toLowerCase()}@example.org`;
          addresses.push(to);
          await h.http
            .post('/v1/verification-codes')
            .send({ email: to, usageType })
            .expect(202);
          const code = h.lastCode(to) as string;
          codes.push(code);
          const wrong = code === '999999' ? '999998' : '999999';
          await h.http
            .post('/v1/verification-codes/verify')
            .send({ email: to, usageType, code: wrong })
            .expect(400);
          await h.http
            .post('/v1/verification-codes/verify')
            .send({ email: to, usageType, code })
            .expect(200);
        }
        addresses.push('gone.person@example.org');
        await h.requestCode('gone.person@example.org', 'SignIn').expect(422);
        h.sandbox.addFault({ status: 503, times: 3 });
        await h.requestCode('outage.person@example.org', 'SignIn').expect(503);
        addresses.push('outage.person@example.org');
        h.sandbox.clearFaults();
        await h.http
          .post('/v1/admin/postmark/test')
          .set('Authorization', `Bearer ${ADMIN_KEY}`)
          .send({ to: 'admin.person@example.org' })
          .expect(200);
        addresses.push('admin.person@example.org');
        await h.http
          .get('/v1/admin/postmark/config')
          .set('Authorization', 'Bearer wrong-key-wrong-key')
          .expect(401);
        await h.http
          .post('/v1/admin/postmark/check')
          .set('Authorization', `Bearer ${ADMIN_KEY}`)
          .send({})
          .expect(200);
      } finally {
        await h.close();
      }
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }

    const all = captured.join('\n');
    // The run was logged: sends, verifications, the failures.
    expect(all).toMatch(/issued SignIn code for l\*\*\*@example\.org/);
    expect(all).toMatch(/verified SignIn code/);
    expect(all).toMatch(/INACTIVE_RECIPIENT/);
    expect(all).toMatch(/PROVIDER_UNAVAILABLE/);
    expect(codes).toHaveLength(4);

    expect(all).not.toContain(DEFAULT_SANDBOX_TOKEN);
    expect(all).not.toContain(ADMIN_KEY);
    for (const code of codes) expect(all).not.toContain(code);
    for (const address of addresses) expect(all).not.toContain(address);
  });
});
