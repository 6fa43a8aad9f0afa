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
 * exists. Tenants are named by their slug, which is also the service's username.
 */
final class EmaMetricsProvider implements ProviderInterface
{
    public const ACTIVE_USERS = 'active_users';
    public const STORAGE_GB = 'storage_gb';
    public const LICENSES = 'licenses';

    /** @var callable(): array<int, array> service id => usage, as EmaUsageClient::usage() returns it */
    private $usageSource;

    /** @var ?array<string, array> */
    private ?array $byTenant = null;

    public function __construct(array $params, ?callable $usageSource = null)
    {
        $this->usageSource = $usageSource ?? static function () use ($params): array {
            $config = EmaServerConfig::fromParams($params);
            $services = EmaUsageStore::fromCapsule()->servicesOfServer((int) ($params['serverid'] ?? 0));
            $client = new EmaUsageClient(
                $config->usageUrl(),
                $config->requireGatewaySecret(),
                new EmaHttpClient(),
                EmaModuleLog::forParams($params)
            );
            return $client->usage(array_keys($services), 'MetricProvider');
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

    public function tenantUsage($tenant)
    {
        $figures = $this->byTenant()[(string) $tenant] ?? null;
        return $figures === null ? [] : $this->withUsage($figures);
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
