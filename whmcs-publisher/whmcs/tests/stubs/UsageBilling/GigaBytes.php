<?php

namespace WHMCS\UsageBilling\Metrics\Units;

final class GigaBytes extends Unit
{
}
