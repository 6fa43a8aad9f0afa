<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * What the provisioning worker reported about a service, read from WHMCS's own Activity Log
 * (tblactivitylog: id, date, description, user, userid, ipaddr) and support tickets (tbltickets).
 *
 * The worker writes these lines through WHMCS's LogActivity API:
 *   Easy Mail Archive: service #<id> failed (<reason_code>): <plain words>.
 *     Replay once fixed: <command>[ Ticket #<tid>.]
 *   Easy Mail Archive: service #<id> recovered: <what was applied>;
 *     the failure (<reason_code>) is resolved
 * (each on one line).
 */
final class EmaActivityLog
{
    public const TABLE = 'tblactivitylog';
    public const TICKETS = 'tbltickets';

    /**
     * How many of the newest log lines are searched. The description is matched with LIKE 'prefix%',
     * which no index of WHMCS's serves: bounded, a busy log (millions of lines) costs the service
     * page a short primary-key range scan rather than a full table scan.
     */
    public const SCAN_ROWS = 100000;

    public function __construct(private readonly PDO $pdo)
    {
    }

    public static function fromCapsule(): self
    {
        if (!class_exists('\WHMCS\Database\Capsule')) {
            throw new EmaModuleException('The WHMCS database layer is not available');
        }
        return new self(\WHMCS\Database\Capsule::connection()->getPdo());
    }

    /** "Easy Mail Archive: service #12 " — the space keeps #12 from matching #123. */
    public static function prefix(int $serviceId): string
    {
        return 'Easy Mail Archive: service #' . $serviceId . ' ';
    }

    /** The newest line about the service among the last SCAN_ROWS of the log, or null. */
    public function newest(int $serviceId): ?EmaServiceReport
    {
        $newestId = (int) $this->run('SELECT MAX(id) FROM ' . self::TABLE, [])->fetchColumn();
        $prefix = self::prefix($serviceId);
        // The prefix holds no LIKE wildcard (% or _): only digits, letters, spaces, ':' and '#'.
        $row = $this->run(
            'SELECT id, date, description FROM ' . self::TABLE
                . ' WHERE id > ? AND description LIKE ? ORDER BY id DESC LIMIT 1',
            [$newestId - self::SCAN_ROWS, $prefix . '%']
        )->fetch(PDO::FETCH_ASSOC);
        if (!is_array($row) || !str_starts_with((string) $row['description'], $prefix)) {
            // LIKE ignores case in MySQL; the worker's lines have exactly this case.
            return null;
        }
        return EmaServiceReport::parse((string) $row['date'], (string) $row['description']);
    }

    /**
     * The ticket with the number shown to people (tbltickets.tid, not its id).
     *
     * @return array{id: int, status: string}|null
     */
    public function ticket(string $tid): ?array
    {
        $row = $this->run('SELECT id, status FROM ' . self::TICKETS . ' WHERE tid = ? ORDER BY id DESC LIMIT 1', [$tid])
            ->fetch(PDO::FETCH_ASSOC);
        return is_array($row) ? ['id' => (int) $row['id'], 'status' => (string) $row['status']] : null;
    }

    private function run(string $sql, array $values): PDOStatement
    {
        $statement = $this->pdo->prepare($sql);
        if ($statement === false || $statement->execute($values) === false) {
            $info = $statement === false ? $this->pdo->errorInfo() : $statement->errorInfo();
            $table = str_contains($sql, self::TICKETS) ? self::TICKETS : self::TABLE;
            throw new RuntimeException('Database error reading ' . $table . ': ' . ($info[2] ?? 'unknown'));
        }
        return $statement;
    }
}
