<?php

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
