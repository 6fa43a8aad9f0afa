<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * Usage billing hook-up for WHMCS 7.9+. Loaded only when WHMCS's ProviderInterface exists.
 *
 * Usage (active users, storage) will come from the usage-sync worker; until that is wired in,
 * this provider declares no metrics and reports no usage rather than inventing numbers.
 */
final class EmaMetricsProvider implements \WHMCS\UsageBilling\Contracts\Metrics\ProviderInterface
{
    public function __construct(private readonly array $params)
    {
    }

    public function metrics()
    {
        return [];
    }

    public function usage()
    {
        return [];
    }

    public function tenantUsage($tenant)
    {
        return [];
    }
}
