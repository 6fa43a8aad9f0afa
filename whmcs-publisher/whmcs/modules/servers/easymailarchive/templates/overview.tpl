{* Easy Mail Archive panel, shown inside WHMCS's own service overview (variables from easymailarchive_ClientArea). *}
<div class="panel panel-default card mb-3" id="easymailarchive-overview">
    <div class="panel-heading card-header">
        <h3 class="panel-title card-title mb-0">Email archive</h3>
    </div>
    <div class="panel-body card-body">
        <div class="row">
            <div class="col-sm-5">Status</div>
            <div class="col-sm-7">
                {if $emaPendingDelivery}
                    <span class="label label-default badge badge-secondary">Pending delivery</span>
                {elseif $emaStatus eq 'active'}
                    <span class="label label-success badge badge-success">{$emaStatusLabel|escape:'html'}</span>
                {elseif $emaStatus eq 'suspended'}
                    <span class="label label-warning badge badge-warning">{$emaStatusLabel|escape:'html'}</span>
                {else}
                    <span class="label label-info badge badge-info">{$emaStatusLabel|escape:'html'}</span>
                {/if}
            </div>
        </div>
        <div class="row">
            <div class="col-sm-5">Archive address</div>
            <div class="col-sm-7">
                {if $emaArchiveUrl}
                    <a href="{$emaArchiveUrl|escape:'html'}" target="_blank" rel="noopener noreferrer">{$emaArchiveUrl|escape:'html'}</a>
                {else}
                    Your archive is being set up; its address appears here in a few minutes.
                {/if}
            </div>
        </div>
        {if $emaSlug}
            <div class="row">
                <div class="col-sm-5">Archive name</div>
                <div class="col-sm-7">{$emaSlug|escape:'html'}</div>
            </div>
        {/if}
        {if $emaPendingDelivery}
            <p class="text-muted mt-2">A recent change to this service is queued and will be applied within a few minutes.</p>
        {/if}
        {if $emaStatus eq 'suspended'}
            <p class="text-muted mt-2">Access to the archive is suspended. Your archived email is kept.</p>
        {/if}
        {if $emaCanLogIn}
            <p class="mt-3">
                <a href="{$emaArchiveUrl|escape:'html'}" target="_blank" rel="noopener noreferrer" class="btn btn-primary">
                    Log in to Easy Mail Archive
                </a>
            </p>
        {/if}
    </div>
</div>
