import { describe, expect, it } from 'vitest';
import { WebhookUrlError, assertWebhookUrlAllowed, isForbiddenAddress, parseWebhookUrl } from './webhook-guard.ts';

describe('webhook targets', () => {
  it('treats loopback, link-local, private, multicast and reserved addresses as forbidden', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fd00::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:169.254.169.254']) {
      expect(isForbiddenAddress(address), address).toBe(true);
    }
    for (const address of ['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111', '::ffff:1.1.1.1']) {
      expect(isForbiddenAddress(address), address).toBe(false);
    }
  });

  it('accepts only http(s) without credentials, and named hosts when allowed', () => {
    for (const url of ['file:///etc/passwd', 'gopher://x/', 'ftp://x/', 'javascript:alert(1)', 'http://user:pw@hooks.example.com/', 'http://127.0.0.1/', 'http://[::1]/', 'http://localhost/', 'not a url']) {
      expect(() => parseWebhookUrl(url, []), url).toThrow(WebhookUrlError);
    }
    expect(parseWebhookUrl('https://hooks.slack.com/services/x', []).hostname).toBe('hooks.slack.com');
    expect(parseWebhookUrl('http://127.0.0.1:9000/x', ['127.0.0.1']).port).toBe('9000');
    expect(parseWebhookUrl('http://[::1]:9000/x', ['::1']).port).toBe('9000');
  });

  it('refuses at save time a name that resolves to an internal address', async () => {
    const resolvesTo = (address: string) =>
      ((_h: string, _o: unknown, cb: (e: null, a: { address: string; family: number }[]) => void) => cb(null, [{ address, family: 4 }])) as never;
    await expect(assertWebhookUrlAllowed('https://rebind.example/x', [], resolvesTo('169.254.169.254'))).rejects.toThrow(/link-local|private/);
    await expect(assertWebhookUrlAllowed('https://ok.example/x', [], resolvesTo('93.184.216.34'))).resolves.toBeUndefined();
    await expect(assertWebhookUrlAllowed('https://inside.example/x', ['inside.example'], resolvesTo('10.0.0.1'))).resolves.toBeUndefined();
  });
});
