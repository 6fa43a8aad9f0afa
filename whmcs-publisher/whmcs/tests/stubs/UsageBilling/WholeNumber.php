<?php

namespace WHMCS\UsageBilling\Metrics\Units;

final class WholeNumber extends Unit
{
}
