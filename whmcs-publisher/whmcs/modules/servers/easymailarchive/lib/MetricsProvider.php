<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

use WHMCS\UsageBilling\Contracts\Metrics\MetricInterface;
use WHMCS\UsageBilling\Contracts\Metrics\ProviderInterface;
use WHMCS\UsageBilling\Metrics\Metric;
use WHMCS\UsageBilling\Metrics\Units\Accounts;
use WHMCS\UsageBilling\Metrics\Units\GigaBytes;
use WHMCS\UsageBilling\Metrics\Units\WholeNumber;
use WHMCS\UsageBilling\Metrics\Usage;

/**
 * Usage billing for WHMCS 7.9+: the metrics "Active users", "Storage (GB)" and "Licenses" of every
 * tenant of the server, read from the usage-sync worker. Loaded only when WHMCS's ProviderInterface
 * exists. Tenants are named by their slug, the services' "Archive slug" custom field (the
 * module's ListAccountsUniqueIdentifierField).
 */
final class EmaMetricsProvider implements ProviderInterface
{
    public const ACTIVE_USERS = 'active_users';
    public const STORAGE_GB = 'storage_gb';
    public const LICENSES = 'licenses';

    /** @var callable(): array<int, array> service id => usage, as EmaUsageClient::usage() returns it */
    private $usageSource;

    /** @var callable(string): array<int, array> the usage of the services of one tenant */
    private $tenantSource;

    /** @var ?array<string, array> */
    private ?array $byTenant = null;

    public function __construct(array $params, ?callable $usageSource = null, ?callable $tenantSource = null)
    {
        $serverId = (int) ($params['serverid'] ?? 0);
        $client = static function () use ($params): EmaUsageClient {
            $config = EmaServerConfig::fromParams($params);
            return new EmaUsageClient(
                $config->usageUrl(),
                $config->requireGatewaySecret(),
                new EmaHttpClient(),
                EmaModuleLog::forParams($params)
            );
        };
        $this->usageSource = $usageSource ?? static function () use ($client, $serverId): array {
            $services = EmaUsageStore::fromCapsule()->servicesOfServer($serverId);
            return $services === [] ? [] : $client()->usage(array_keys($services), 'MetricProvider');
        };
        // WHMCS asks for one service's tenant at a time: fetch that service only, not the server's
        $this->tenantSource = $tenantSource ?? static function (string $tenant) use ($client, $serverId): array {
            $services = EmaUsageStore::fromCapsule()->servicesOfTenant($serverId, $tenant);
            return $services === [] ? [] : $client()->usage($services, 'MetricProvider');
        };
    }

    public function metrics()
    {
        return [
            new Metric(self::ACTIVE_USERS, 'Active users', MetricInterface::TYPE_SNAPSHOT, new Accounts('Users')),
            new Metric(self::STORAGE_GB, 'Storage (GB)', MetricInterface::TYPE_SNAPSHOT, new GigaBytes('Storage')),
            new Metric(self::LICENSES, 'Licenses', MetricInterface::TYPE_SNAPSHOT, new WholeNumber('Licenses')),
        ];
    }

    /** Every tenant of the server: slug => the three metrics with their usage. */
    public function usage()
    {
        $usage = [];
        foreach ($this->byTenant() as $tenant => $figures) {
            $usage[$tenant] = $this->withUsage($figures);
        }
        return $usage;
    }

    /**
     * The tenant's three metrics with their usage; without usage when the worker has no figures
     * for it (an unknown tenant, one not collected yet), as WHMCS's own example answers.
     */
    public function tenantUsage($tenant)
    {
        $tenant = (string) $tenant;
        $figures = $this->byTenant !== null
            ? $this->byTenant[$tenant] ?? null
            : self::ofTenant($tenant, $tenant === '' ? [] : ($this->tenantSource)($tenant));
        return $figures === null ? $this->metrics() : $this->withUsage($figures);
    }

    private function withUsage(array $figures): array
    {
        $values = [
            self::ACTIVE_USERS => (int) ($figures['activeUsers'] ?? 0),
            self::STORAGE_GB => (float) ($figures['storageGb'] ?? 0),
            self::LICENSES => (int) ($figures['licenses'] ?? 0),
        ];
        $metrics = [];
        foreach ($this->metrics() as $metric) {
            $metrics[] = $metric->withUsage(new Usage($values[$metric->systemName()]));
        }
        return $metrics;
    }

    /** The figures the worker gives for this tenant's slug, if any. */
    private static function ofTenant(string $tenant, array $usage): ?array
    {
        foreach ($usage as $figures) {
            if (is_array($figures) && (string) ($figures['slug'] ?? '') === $tenant) {
                return $figures;
            }
        }
        return null;
    }

    /** @return array<string, array> */
    private function byTenant(): array
    {
        if ($this->byTenant === null) {
            $this->byTenant = [];
            foreach (($this->usageSource)() as $figures) {
                if (isset($figures['slug']) && $figures['slug'] !== '') {
                    $this->byTenant[(string) $figures['slug']] = $figures;
                }
            }
        }
        return $this->byTenant;
    }
}
