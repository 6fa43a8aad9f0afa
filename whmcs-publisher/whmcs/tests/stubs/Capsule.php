<?php

namespace WHMCS\Database;

/**
 * The part of WHMCS's Capsule (Laravel's database manager) the module uses: the PDO connection.
 * One in-memory SQLite database per test; reset() starts a fresh one.
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
        return self::$pdo ??= new \PDO('sqlite::memory:', null, null, [\PDO::ATTR_ERRMODE => \PDO::ERRMODE_EXCEPTION]);
    }

    public static function reset(): void
    {
        self::$pdo = null;
    }
}
