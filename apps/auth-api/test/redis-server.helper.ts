import { redisServerAvailable } from './redis-server.process';

export {
  freePort,
  redisServerAvailable,
  startRedisServer,
  type RedisServer,
} from './redis-server.process';

/** `describe` when redis-server exists, else `describe.skip` with a visible message (a failure when CI=true). */
export function describeWithRedis(name: string, fn: () => void): void {
  if (redisServerAvailable()) {
    describe(name, fn);
    return;
  }
  if (process.env['CI'] === 'true') {
    // CI installs redis-server (.ci/run): never skip the Redis specs there.
    describe(name, () => {
      it('needs redis-server on the PATH (CI must install it: apt-get install -y redis-server)', () => {
        throw new Error('redis-server is not installed');
      });
    });
    return;
  }
  process.stderr.write(
    `\n*** SKIPPED "${name}": redis-server is not installed (apt-get install -y redis-server); CI installs it. ***\n\n`,
  );
  describe.skip(name, fn);
}
