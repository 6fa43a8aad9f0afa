<?php

namespace WHMCS\UsageBilling\Metrics;

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
