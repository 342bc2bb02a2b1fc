import { describe, expect, it } from 'vitest';
import { HealthService } from '../../src/core/health.ts';
import { openMigratedMemoryDatabase } from '../../src/db/database.ts';

describe('health', () => {
  it('reports both parts and never throws', async () => {
    const db = await openMigratedMemoryDatabase();
    const healthy = new HealthService(db, async () => ({ serverName: 's', version: '10.11.2', id: 'x' }));
    expect(await healthy.check()).toEqual({ ok: true, database: { ok: true }, jellyfin: { ok: true, version: '10.11.2' } });
    const jellyfinDown = new HealthService(db, async () => {
      throw new Error('connection refused');
    });
    expect(await jellyfinDown.check()).toEqual({ ok: false, database: { ok: true }, jellyfin: { ok: false, error: 'connection refused' } });
    await db.destroy();
    const report = await healthy.check();
    expect(report.ok).toBe(false);
    expect(report.database.ok).toBe(false);
    expect(report.database.error).toBeTruthy();
  });
});
