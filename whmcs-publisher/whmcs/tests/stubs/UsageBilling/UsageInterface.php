<?php

namespace WHMCS\UsageBilling\Contracts\Metrics;

interface UsageInterface
{
    public function value();
}
