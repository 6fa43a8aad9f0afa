<?php

namespace WHMCS\UsageBilling\Contracts\Metrics;

interface UnitInterface
{
    public function name();
}
