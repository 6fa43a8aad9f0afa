<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * Archive tenants in the shape WHMCS's Server Sync (ListAccounts, WHMCS 7.8+) expects, so that
 * the admin can compare them with the services: the tenant's slug is the account's username and
 * its unique identifier, which WHMCS matches against the services' "Archive slug" custom field
 * (MetaData's ListAccountsUniqueIdentifierField).
 */
final class EmaServerSync
{
    private const STATUSES = [
        'active' => 'Active',
        'suspended' => 'Suspended',
        'deleted' => 'Terminated',
        'terminated' => 'Terminated',
        'cancelled' => 'Cancelled',
    ];

    /** @return array{email: string, username: string, domain: string, uniqueIdentifier: string, product: string, primaryip: string, created: string, status: string} */
    public static function account(array $tenant): array
    {
        $slug = self::text($tenant['slug'] ?? null);
        return [
            'email' => self::text($tenant['admin_email'] ?? $tenant['email'] ?? null),
            'username' => $slug,
            'domain' => self::host($tenant['url'] ?? null),
            'uniqueIdentifier' => $slug,
            'product' => self::text($tenant['plan'] ?? null),
            'primaryip' => '',
            'created' => self::created($tenant['created_at'] ?? null),
            // Anything else (being provisioned, unknown) is not yet usable.
            'status' => self::STATUSES[strtolower(self::text($tenant['status'] ?? null))] ?? 'Pending',
        ];
    }

    /** @param list<array> $tenants */
    public static function accounts(array $tenants): array
    {
        $accounts = [];
        foreach ($tenants as $tenant) {
            $account = self::account($tenant);
            if ($account['username'] !== '') {
                $accounts[] = $account;
            }
        }
        return $accounts;
    }

    /** "Y-m-d H:i:s" in UTC, as WHMCS stores dates, or "" when the API gave none. */
    private static function created($value): string
    {
        $text = self::text($value);
        if ($text === '') {
            return '';
        }
        try {
            return (new DateTimeImmutable($text, new DateTimeZone('UTC')))
                ->setTimezone(new DateTimeZone('UTC'))
                ->format('Y-m-d H:i:s');
        } catch (Exception $e) {
            return '';
        }
    }

    private static function host($url): string
    {
        $host = parse_url(self::text($url), PHP_URL_HOST);
        return is_string($host) ? strtolower($host) : '';
    }

    private static function text($value): string
    {
        return is_scalar($value) ? trim((string) $value) : '';
    }
}
