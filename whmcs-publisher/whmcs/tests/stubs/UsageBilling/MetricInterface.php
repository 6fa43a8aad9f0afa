<?php

namespace WHMCS\UsageBilling\Contracts\Metrics;

interface MetricInterface
{
    public const TYPE_SNAPSHOT = 'snapshot';
    public const TYPE_PERIOD_MONTH = 'month';

    public function systemName();

    public function displayName();

    public function type();

    public function units();

    public function usage();

    public function withUsage(UsageInterface $usage = null);
}
