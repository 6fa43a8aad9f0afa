<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/** The gateway settings of WHMCS server records, read from tblservers for the cron hook. */
final class EmaServerDirectory
{
    /** @var array<int, array> */
    private array $cache = [];

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

    /** @return list<int> the server records of this module */
    public function moduleServerIds(): array
    {
        $statement = $this->pdo->prepare('SELECT id FROM tblservers WHERE type = ? ORDER BY id');
        $statement->execute([EmaModuleLog::MODULE]);
        return array_map('intval', $statement->fetchAll(PDO::FETCH_COLUMN));
    }

    /**
     * The module parameters the gateway needs: serverusername (gateway URL) and serveraccesshash
     * (shared secret; WHMCS keeps the Access Hash in clear, unlike the Password).
     */
    public function params(int $serverId): array
    {
        if (isset($this->cache[$serverId])) {
            return $this->cache[$serverId];
        }
        $statement = $this->pdo->prepare('SELECT username, accesshash FROM tblservers WHERE id = ?');
        $statement->execute([$serverId]);
        $row = $statement->fetch(PDO::FETCH_ASSOC);
        if (!is_array($row)) {
            throw new EmaModuleException(
                'Server record ' . $serverId . ' no longer exists: the outbox cannot reach its gateway'
            );
        }
        return $this->cache[$serverId] = [
            'serverid' => $serverId,
            'serverusername' => (string) $row['username'],
            'serveraccesshash' => (string) $row['accesshash'],
        ];
    }
}
