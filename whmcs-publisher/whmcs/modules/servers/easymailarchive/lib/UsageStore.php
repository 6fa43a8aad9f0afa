<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * The services of one server in WHMCS's own database (tblhosting), their "Archive slug" custom
 * field (tblcustomfields, tblcustomfieldsvalues) and their usage columns.
 */
final class EmaUsageStore
{
    /** The product custom field that holds the tenant's slug; "name|Label" names count too. */
    private const SLUG_FIELD = "(LOWER(f.fieldname) = 'archive slug' OR LOWER(f.fieldname) LIKE 'archive slug|%')";

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
     * @return array<int, string> service id => its Archive slug field ("" until the worker wrote it)
     */
    public function servicesOfServer(int $serverId): array
    {
        $statement = $this->pdo->prepare(
            "SELECT h.id AS id, v.value AS slug FROM tblhosting h"
                . " LEFT JOIN tblcustomfields f ON f.type = 'product' AND f.relid = h.packageid AND " . self::SLUG_FIELD
                . ' LEFT JOIN tblcustomfieldsvalues v ON v.fieldid = f.id AND v.relid = h.id'
                . " WHERE h.server = ? AND h.domainstatus IN ('Active', 'Suspended') ORDER BY h.id"
        );
        $statement->execute([$serverId]);
        $services = [];
        foreach ($statement->fetchAll(PDO::FETCH_ASSOC) as $row) {
            $slug = trim((string) ($row['slug'] ?? ''));
            if ($slug !== '' || !isset($services[(int) $row['id']])) {
                $services[(int) $row['id']] = $slug;
            }
        }
        return $services;
    }

    /**
     * The server's active or suspended services whose Archive slug field names this tenant: one,
     * unless an admin copied a slug onto a second service.
     *
     * @return int[] service ids
     */
    public function servicesOfTenant(int $serverId, string $slug): array
    {
        $statement = $this->pdo->prepare(
            'SELECT h.id AS id FROM tblhosting h'
                . " JOIN tblcustomfields f ON f.type = 'product' AND f.relid = h.packageid AND " . self::SLUG_FIELD
                . ' JOIN tblcustomfieldsvalues v ON v.fieldid = f.id AND v.relid = h.id'
                . " WHERE h.server = ? AND v.value = ? AND h.domainstatus IN ('Active', 'Suspended') ORDER BY h.id"
        );
        $statement->execute([$serverId, $slug]);
        return array_map('intval', $statement->fetchAll(PDO::FETCH_COLUMN));
    }

    /**
     * Disk usage in MB (storage rounded up to whole MiB), stamped with the database's now(), as
     * WHMCS's own example does: lastupdate is shown in the database's time zone, which need not
     * be PHP's.
     */
    public function updateDiskUsage(int $serviceId, int $storageBytes): void
    {
        $megabytes = intdiv($storageBytes + 1048575, 1048576);
        $statement = $this->pdo->prepare('UPDATE tblhosting SET diskusage = ?, lastupdate = now() WHERE id = ?');
        $statement->execute([$megabytes, $serviceId]);
    }
}
