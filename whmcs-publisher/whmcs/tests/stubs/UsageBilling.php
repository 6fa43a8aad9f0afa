<?php

// The part of WHMCS's usage billing API (7.9+) the module's MetricProvider uses, as WHMCS ships it:
// loaded only by tests that run in a process of their own, since its presence switches the
// module's MetricProvider on.

namespace WHMCS\UsageBilling\Contracts\Metrics;

interface UsageInterface
{
    public function value();
}

interface UnitInterface
{
    public function name();
}

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

interface ProviderInterface
{
    public function metrics();

    public function usage();

    public function tenantUsage($tenant);
}

namespace WHMCS\UsageBilling\Metrics;

use WHMCS\UsageBilling\Contracts\Metrics\MetricInterface;
use WHMCS\UsageBilling\Contracts\Metrics\UnitInterface;
use WHMCS\UsageBilling\Contracts\Metrics\UsageInterface;

final class Usage implements UsageInterface
{
    public function __construct(private $value)
    {
    }

    public function value()
    {
        return $this->value;
    }
}

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

namespace WHMCS\UsageBilling\Metrics\Units;

use WHMCS\UsageBilling\Contracts\Metrics\UnitInterface;

abstract class Unit implements UnitInterface
{
    public function __construct(private string $name = '')
    {
    }

    public function name()
    {
        return $this->name;
    }
}

final class Accounts extends Unit
{
}

final class GigaBytes extends Unit
{
}

final class WholeNumber extends Unit
{
}
