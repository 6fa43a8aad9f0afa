<?php

namespace WHMCS\Database;

/**
 * The part of WHMCS's Capsule (Laravel's database manager) the module uses: the PDO connection.
 * One in-memory SQLite database per test; reset() starts a fresh one. With EMA_WHMCS_SQLITE set
 * (a file path) the database is that file instead, kept across tests and runs, as the system
 * tests need when WHMCS's state must outlive a restart of the gateway.
 */
final class Capsule
{
    private static ?\PDO $pdo = null;

    public static function connection(): object
    {
        return new class {
            public function getPdo(): \PDO
            {
                return Capsule::pdo();
            }
        };
    }

    public static function pdo(): \PDO
    {
        $file = (string) getenv('EMA_WHMCS_SQLITE');
        $dsn = $file === '' ? 'sqlite::memory:' : 'sqlite:' . $file;
        if (self::$pdo === null) {
            self::$pdo = new \PDO($dsn, null, null, [\PDO::ATTR_ERRMODE => \PDO::ERRMODE_EXCEPTION]);
            // MySQL's NOW(), which SQLite lacks: the database's time, "Y-m-d H:i:s"
            self::$pdo->sqliteCreateFunction('now', static fn (): string => gmdate('Y-m-d H:i:s'), 0);
        }
        return self::$pdo;
    }

    public static function reset(): void
    {
        self::$pdo = null;
    }
}
