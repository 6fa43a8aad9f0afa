<?php

namespace WHMCS\UsageBilling\Contracts\Metrics;

interface ProviderInterface
{
    public function metrics();

    public function usage();

    public function tenantUsage($tenant);
}
