<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * The services of one server in WHMCS's own database (tblhosting), and their usage columns.
 */
final class EmaUsageStore
{
    public function __construct(private readonly PDO $pdo)
    {
    }

    public static function fromCapsule(): self
    {
        return new self(\WHMCS\Database\Capsule::connection()->getPdo());
    }

    /**
     * The server's services that can have usage: active and suspended ones.
     *
     * @return array<int, string> service id => service username (the tenant's slug once provisioned)
     */
    public function servicesOfServer(int $serverId): array
    {
        $statement = $this->pdo->prepare(
            "SELECT id, username FROM tblhosting"
                . " WHERE server = ? AND domainstatus IN ('Active', 'Suspended') ORDER BY id"
        );
        $statement->execute([$serverId]);
        $services = [];
        foreach ($statement->fetchAll(PDO::FETCH_ASSOC) as $row) {
            $services[(int) $row['id']] = (string) $row['username'];
        }
        return $services;
    }

    /** Disk usage in MB (storage rounded up to whole MiB) and the time of the update. */
    public function updateDiskUsage(int $serviceId, int $storageBytes, string $now): void
    {
        $megabytes = intdiv($storageBytes + 1048575, 1048576);
        $statement = $this->pdo->prepare('UPDATE tblhosting SET diskusage = ?, lastupdate = ? WHERE id = ?');
        $statement->execute([$megabytes, $now, $serviceId]);
    }
}
