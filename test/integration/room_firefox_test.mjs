// The weir-room page in Firefox: Debian's firefox-esr (driven by puppeteer-core over WebDriver
// BiDi, fake camera and microphone) and headless Chromium join one room and decode each other.
// Firefox gathers no 127.0.0.1 candidate (not even with media.peerconnection.ice.loopback) and
// pairs none of its own with a loopback one, so here weir-room's transports listen on the
// machine's first non-loopback IPv4 address (--rtc-listen-ip).

const hostIp = Object.values(os.networkInterfaces()).flat()
  .find((a) => a.family === 'IPv4' && !a.internal)?.address;
if (!hostIp) {
  console.log('skipped: no non-loopback IPv4 address for Firefox to reach');
  process.exit(0);
}
import assert from 'node:assert/strict';
import os from 'node:os';
import {
  RoomServer, chromiumBrowser, firefoxBrowser, joinPeer, waitDecoded, describe, runCases,
} from '../browser/lib/room.mjs';

runCases([
  ['a Firefox peer and a Chromium peer decode each other', async (ctx) => {
    const fox = await joinPeer(ctx.firefox, ctx.server, { room: 'mixed', name: 'fox' });
    assert.equal(fox.state, 'joined', JSON.stringify(fox.error));
    const chrome = await joinPeer(ctx.chromium, ctx.server, { room: 'mixed', name: 'chrome' });
    assert.equal(chrome.state, 'joined', JSON.stringify(chrome.error));
    const got = await waitDecoded([fox, chrome], { frames: 30, audioPackets: 100, timeoutMs: 40000 });
    console.log(describe(got, { [fox.peerId]: 'fox', [chrome.peerId]: 'chrome' }));
    assert.ok(/opus/i.test(got.fox[chrome.peerId].audio.codec ?? 'opus'), 'opus in Firefox');
  }],
], {
  async before() {
    return {
      server: await RoomServer.start({ args: ['--rtc-listen-ip', hostIp] }),
      firefox: await firefoxBrowser(),
      chromium: await chromiumBrowser(),
    };
  },
  async after(ctx) {
    await ctx.firefox.close();
    await ctx.chromium.close();
    const code = await ctx.server.stop();
    if (code !== 0) console.log(`FAIL weir-room exited ${code}\n${ctx.server.log}`);
    return code === 0;
  },
});
