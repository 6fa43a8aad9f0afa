<?php

namespace WHMCS\UsageBilling\Metrics;

use WHMCS\UsageBilling\Contracts\Metrics\MetricInterface;
use WHMCS\UsageBilling\Contracts\Metrics\UnitInterface;
use WHMCS\UsageBilling\Contracts\Metrics\UsageInterface;

final class Metric implements MetricInterface
{
    public function __construct(
        private string $systemName,
        private string $displayName,
        private string $type,
        private UnitInterface $units,
        private ?UsageInterface $usage = null
    ) {
    }

    public function systemName()
    {
        return $this->systemName;
    }

    public function displayName()
    {
        return $this->displayName;
    }

    public function type()
    {
        return $this->type;
    }

    public function units()
    {
        return $this->units;
    }

    public function usage()
    {
        return $this->usage;
    }

    public function withUsage(UsageInterface $usage = null)
    {
        return new self($this->systemName, $this->displayName, $this->type, $this->units, $usage);
    }
}
