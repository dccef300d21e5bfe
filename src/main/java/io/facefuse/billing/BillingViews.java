package io.facefuse.billing;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the billing routes take and answer. Amounts are integer minor units (fen, cents). */
public final class BillingViews {

    private BillingViews() {
    }

    public record NewPrice(@NotNull @Pattern(regexp = "image_fusion|video_fusion_second") String service,
                           @NotNull @Min(0) @Max(1_000_000_000) Long unitPriceMinor,
                           @NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
                           @NotNull Instant effectiveFrom) {
    }

    public record PriceView(UUID id, String service, long unitPriceMinor, String currency, Instant effectiveFrom,
                            String createdBy) {
        static PriceView of(PriceVersion p) {
            return new PriceView(p.id, p.service, p.unitPriceMinor, p.currency, p.effectiveFrom, p.createdBy);
        }
    }

    public record Mode(@NotNull BillingAccount.Mode mode) {
    }

    public record TopUp(@NotNull @Min(1) @Max(100_000_000_000L) Long amountMinor, @NotBlank @Size(max = 1000) String note) {
    }

    public record FreeGrant(@NotNull @Min(1) @Max(1_000_000) Integer units, @NotBlank @Size(max = 1000) String note) {
    }

    public record Arrears(@NotNull Boolean inArrears, @NotBlank @Size(max = 1000) String note) {
    }

    public record AccountView(UUID appId, BillingAccount.Mode mode, long balanceMinor, int freeUnits, Instant arrearsSince) {
        static AccountView of(BillingAccount a) {
            return new AccountView(a.appId, a.mode, a.balanceMinor, a.freeUnits, a.arrearsSince);
        }
    }

    /** One service at one price in a month: how many units, paid how, for how much. */
    public record StatementLine(String service, long unitPriceMinor, String currency, String paidWith, long units,
                                long amountMinor) {
    }

    public record Statement(UUID appId, String month, List<StatementLine> lines, long totalMinor) {
    }
}
