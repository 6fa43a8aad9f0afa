<?php

namespace WHMCS\UsageBilling\Metrics\Units;

final class Accounts extends Unit
{
}
