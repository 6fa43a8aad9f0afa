<?php

/**
 * The outbox lock on its own. The lease row runs on the tests' SQLite; MySQL/MariaDB's named lock
 * is checked against a connection that answers GET_LOCK as a MySQL server would, since no MySQL
 * server runs here.
 */
final class OutboxLockTest extends ModuleTestCase
{
    public function testOneHolderAtATimeAndFreeAgainOnceReleased(): void
    {
        $pdo = \WHMCS\Database\Capsule::pdo();
        $first = new EmaOutboxLock($pdo);
        $second = new EmaOutboxLock($pdo);

        self::assertTrue($first->acquire());
        self::assertFalse($second->acquire());
        self::assertTrue($first->renew());

        $first->release();

        self::assertFalse($first->held());
        self::assertTrue($second->acquire());
        self::assertFalse($first->renew(), 'released: nothing to renew');
    }

    public function testTheLeaseIsRenewedWhileTheHolderWorksAndExpiresWhenItStops(): void
    {
        $pdo = \WHMCS\Database\Capsule::pdo();
        $clock = 1_790_000_000;
        $tick = function () use (&$clock): int {
            return $clock;
        };
        $holder = new EmaOutboxLock($pdo, 300, $tick);
        $other = new EmaOutboxLock($pdo, 300, $tick);
        self::assertTrue($holder->acquire());

        $clock += 200;
        self::assertTrue($holder->renew(), 'renewed: 100 s were left of 300');
        $clock += 250;
        self::assertFalse($other->acquire(), '450 s after taking it, but 250 s after the renewal');
        self::assertSame(1_790_000_500, self::lockedUntil());

        $clock += 51;
        self::assertTrue($other->acquire(), 'the holder stopped renewing: its lease ran out');
        self::assertFalse($holder->renew(), 'the former holder learns it lost the lock');
        $holder->release();
        self::assertFalse((new EmaOutboxLock($pdo, 300, $tick))->acquire(), "a former holder's release frees nothing");
    }

    public function testOnMysqlItIsTheServersNamedLockPerDatabase(): void
    {
        $pdo = new FakeMysqlPdo(1);
        $lock = new EmaOutboxLock($pdo);

        self::assertTrue($lock->acquire());
        self::assertTrue($lock->renew());
        $lock->release();

        self::assertCount(2, $pdo->queries);
        self::assertStringStartsWith('SELECT GET_LOCK(', $pdo->queries[0]);
        self::assertStringEndsWith(', 0)', $pdo->queries[0], 'never waits');
        self::assertStringContainsString(
            "'easymailarchive_outbox:', LEFT(COALESCE(DATABASE(), ''), 40)",
            $pdo->queries[0],
            'one lock per WHMCS database'
        );
        self::assertStringStartsWith('SELECT RELEASE_LOCK(', $pdo->queries[1]);
        self::assertSame(0, (int) $pdo->query("SELECT COUNT(*) FROM sqlite_master WHERE name = '"
            . EmaOutboxLock::TABLE . "'")->fetchColumn(), 'no lock table');
    }

    public function testOnMysqlALockHeldByAnotherConnectionIsBusy(): void
    {
        $lock = new EmaOutboxLock(new FakeMysqlPdo(0));

        self::assertFalse($lock->acquire());
        self::assertFalse($lock->held());
    }

    private static function lockedUntil(): int
    {
        return (int) \WHMCS\Database\Capsule::pdo()
            ->query('SELECT locked_until FROM ' . EmaOutboxLock::TABLE)
            ->fetchColumn();
    }
}
