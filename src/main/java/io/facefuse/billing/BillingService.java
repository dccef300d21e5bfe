package io.facefuse.billing;

import io.facefuse.apps.App;
import io.facefuse.apps.AppStatus;
import io.facefuse.clients.TraceRecorder;
import io.facefuse.housekeeping.HousekeepingJob;
import io.facefuse.http.EventLoop;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.facefuse.trace.TraceEvent;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Metering and billing states. A billable operation first reserves its price: a prepaid account
 * spends a free unit if it has one (free units are never cash), else its balance, and is refused
 * ({@code InsufficientBalance}) when neither covers it; a postpaid account is refused only while in
 * arrears. The account row is locked for the reservation, so concurrent requests can never spend
 * the same money twice. A failed operation is refunded; a finished one writes its usage record
 * with the reservation's price version. Postpaid apps in arrears past the grace period are suspended.
 */
@ApplicationScoped
@UnlessBuildProperty(name = "facefuse.function", stringValue = "moderation", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class BillingService implements HousekeepingJob {

    /** What a reservation took: how it is paid, how much, at which price version (null: no price set). */
    public record Charge(String paidWith, long amountMinor, String currency, UUID priceVersionId) {
    }

    private final TraceRecorder trace;
    private final Duration arrearsGrace;

    BillingService(TraceRecorder trace, @ConfigProperty(name = "facefuse.billing.arrears-grace") Duration arrearsGrace) {
        this.trace = trace;
        this.arrearsGrace = arrearsGrace;
    }

    public Uni<Charge> reserve(UUID appId, String service) {
        return EventLoop.run(Panache.withTransaction(() -> currentPrice(service, Instant.now()).flatMap(price ->
                BillingAccount.<BillingAccount>findById(appId, LockModeType.PESSIMISTIC_WRITE).flatMap(account -> {
                    long amount = price == null ? 0 : price.unitPriceMinor;
                    String currency = price == null ? null : price.currency;
                    UUID version = price == null ? null : price.id;
                    if (account == null || account.mode == BillingAccount.Mode.postpaid) {
                        if (account != null && account.arrearsSince != null) {
                            throw new ApiException(ErrorCode.AccountInArrears, "in arrears since " + account.arrearsSince);
                        }
                        return Uni.createFrom().item(new Charge("invoice", amount, currency, version));
                    }
                    if (account.freeUnits > 0) {
                        account.freeUnits--;
                        account.updatedAt = now();
                        return entry(appId, "usage", 0, -1, service, "billing").replaceWith(new Charge("free_units", 0, currency, version));
                    }
                    if (account.balanceMinor >= amount) {
                        account.balanceMinor -= amount;
                        account.updatedAt = now();
                        return entry(appId, "usage", -amount, 0, service, "billing").replaceWith(new Charge("balance", amount, currency, version));
                    }
                    throw new ApiException(ErrorCode.InsufficientBalance, "balance " + account.balanceMinor + ", price " + amount
                            + (currency == null ? "" : " " + currency) + ", no free units left");
                }))));
    }

    /** Gives back what a failed operation reserved. */
    public Uni<Void> refund(UUID appId, Charge charge) {
        if (charge == null || charge.paidWith().equals("invoice")) {
            return Uni.createFrom().voidItem();
        }
        boolean free = charge.paidWith().equals("free_units");
        return EventLoop.run(Panache.withTransaction(() -> BillingAccount.<BillingAccount>findById(appId,
                LockModeType.PESSIMISTIC_WRITE).flatMap(account -> {
                    if (free) {
                        account.freeUnits++;
                    } else {
                        account.balanceMinor += charge.amountMinor();
                    }
                    account.updatedAt = now();
                    return entry(appId, "refund", free ? 0 : charge.amountMinor(), free ? 1 : 0, "operation failed", "billing");
                }))).replaceWithVoid();
    }

    public Uni<PriceVersion> addPrice(BillingViews.NewPrice price, String operator) {
        if (price.effectiveFrom().isBefore(Instant.now().minus(Duration.ofMinutes(1)))) {
            throw new ApiException(ErrorCode.ValidationFailed, "a price takes effect now or later, never in the past");
        }
        PriceVersion version = new PriceVersion();
        version.id = UUID.randomUUID();
        version.service = price.service();
        version.unitPriceMinor = price.unitPriceMinor();
        version.currency = price.currency();
        version.effectiveFrom = price.effectiveFrom().truncatedTo(ChronoUnit.MICROS);
        version.createdBy = operator;
        version.createdAt = now();
        return Panache.withTransaction(() -> PriceVersion.count("service = ?1 and effectiveFrom = ?2", version.service,
                        version.effectiveFrom)
                .flatMap(clash -> {
                    if (clash > 0) {
                        throw new ApiException(ErrorCode.Conflict, "a " + version.service + " price already starts then");
                    }
                    return version.<PriceVersion>persist();
                }))
                .call(saved -> trace.record(TraceEvent.of(operator, null, null, "billing.price", "ok",
                        saved.service + " " + saved.unitPriceMinor + " " + saved.currency + " from " + saved.effectiveFrom)));
    }

    public Uni<List<PriceVersion>> prices() {
        return Panache.withSession(() -> PriceVersion.list("order by service, effectiveFrom"));
    }

    public Uni<BillingAccount> account(UUID appId) {
        return Panache.withSession(() -> BillingAccount.<BillingAccount>findById(appId).map(a -> a == null ? postpaid(appId) : a));
    }

    public Uni<BillingAccount> setMode(UUID appId, BillingAccount.Mode mode, String operator) {
        return change(appId, operator, "billing.mode", mode.name(), account -> {
            account.mode = mode;
            return Uni.createFrom().voidItem();
        });
    }

    public Uni<BillingAccount> topUp(UUID appId, BillingViews.TopUp topUp, String operator) {
        return change(appId, operator, "billing.top_up", topUp.amountMinor() + ": " + topUp.note(), account -> {
            if (account.mode != BillingAccount.Mode.prepaid) {
                throw new ApiException(ErrorCode.Conflict, "only a prepaid account has a balance");
            }
            account.balanceMinor += topUp.amountMinor();
            return entry(appId, "top_up", topUp.amountMinor(), 0, topUp.note(), operator).replaceWithVoid();
        });
    }

    public Uni<BillingAccount> grantFreeUnits(UUID appId, BillingViews.FreeGrant grant, String operator) {
        return change(appId, operator, "billing.free_grant", grant.units() + ": " + grant.note(), account -> {
            if (account.mode != BillingAccount.Mode.prepaid) {
                throw new ApiException(ErrorCode.Conflict, "free units are granted to prepaid accounts");
            }
            account.freeUnits += grant.units();
            return entry(appId, "free_grant", 0, grant.units(), grant.note(), operator).replaceWithVoid();
        });
    }

    public Uni<BillingAccount> setArrears(UUID appId, BillingViews.Arrears arrears, String operator) {
        return change(appId, operator, "billing.arrears", arrears.inArrears() + ": " + arrears.note(), account -> {
            account.arrearsSince = arrears.inArrears() ? (account.arrearsSince == null ? now() : account.arrearsSince) : null;
            return Uni.createFrom().voidItem();
        });
    }

    /** Usage of one calendar month (UTC), by service, price and means of payment. */
    public Uni<BillingViews.Statement> statement(UUID appId, YearMonth month) {
        Instant from = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return Panache.withSession(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "select service, amount_minor, coalesce(currency, ''), coalesce(paid_with, 'invoice'), count(*), "
                                + "sum(amount_minor) from usage_record where app_id = ?1 and created_at >= ?2 and created_at < ?3 "
                                + "group by service, amount_minor, currency, paid_with order by service, amount_minor", Object[].class)
                .setParameter(1, appId).setParameter(2, from).setParameter(3, to).getResultList()))
                .map(rows -> {
                    List<BillingViews.StatementLine> lines = new ArrayList<>();
                    long total = 0;
                    for (Object[] row : rows) {
                        long amount = ((Number) row[5]).longValue();
                        lines.add(new BillingViews.StatementLine((String) row[0], ((Number) row[1]).longValue(),
                                ((String) row[2]).isEmpty() ? null : (String) row[2], (String) row[3],
                                ((Number) row[4]).longValue(), amount));
                        total += amount;
                    }
                    return new BillingViews.Statement(appId, month.toString(), lines, total);
                });
    }

    @Override
    public String jobName() {
        return "arrears-suspensions";
    }

    @Override
    public Uni<Void> runJob() {
        return scheduledSuspensions();
    }

    @Scheduled(every = "${facefuse.billing.suspend-every:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledSuspensions() {
        return suspendLongArrears().replaceWithVoid();
    }

    /** Postpaid apps in arrears past the grace period are suspended (seed 000 §2.4); answers how many. */
    public Uni<Integer> suspendLongArrears() {
        Instant cutoff = Instant.now().minus(arrearsGrace);
        return Panache.withTransaction(() -> BillingAccount.<BillingAccount>list("arrearsSince < ?1", cutoff)
                .flatMap(accounts -> {
                    Uni<Integer> chain = Uni.createFrom().item(0);
                    for (BillingAccount account : accounts) {
                        chain = chain.flatMap(n -> App.<App>findById(account.appId).flatMap(app -> {
                            if (app == null || app.status != AppStatus.ACTIVE) {
                                return Uni.createFrom().item(n);
                            }
                            app.status = AppStatus.SUSPENDED;
                            app.statusReason = "in arrears since " + account.arrearsSince;
                            app.updatedAt = now();
                            return trace.record(TraceEvent.of("billing", app.id, null, "app.status", "ok",
                                    "active -> suspended: in arrears since " + account.arrearsSince)).replaceWith(n + 1);
                        }));
                    }
                    return chain;
                }));
    }

    private Uni<BillingAccount> change(UUID appId, String operator, String operation, String detail,
                                       java.util.function.Function<BillingAccount, Uni<Void>> edit) {
        return Panache.withTransaction(() -> App.<App>findById(appId).flatMap(app -> {
                    if (app == null) {
                        throw new ApiException(ErrorCode.AppNotFound, "app " + appId);
                    }
                    return BillingAccount.<BillingAccount>findById(appId, LockModeType.PESSIMISTIC_WRITE);
                })
                .flatMap(found -> {
                    BillingAccount account = found == null ? postpaid(appId) : found;
                    account.updatedAt = now();
                    return edit.apply(account).flatMap(x -> found == null ? account.<BillingAccount>persist()
                            : Uni.createFrom().item(account));
                }))
                .call(account -> trace.record(TraceEvent.of(operator, appId, null, operation, "ok", detail)));
    }

    private static BillingAccount postpaid(UUID appId) {
        BillingAccount account = new BillingAccount();
        account.appId = appId;
        account.mode = BillingAccount.Mode.postpaid;
        account.updatedAt = now();
        return account;
    }

    private static Uni<PriceVersion> currentPrice(String service, Instant at) {
        return PriceVersion.<PriceVersion>find("service = ?1 and effectiveFrom <= ?2 order by effectiveFrom desc", service, at)
                .firstResult();
    }

    private static Uni<BalanceEntry> entry(UUID appId, String kind, long amount, int units, String note, String actor) {
        BalanceEntry entry = new BalanceEntry();
        entry.id = UUID.randomUUID();
        entry.appId = appId;
        entry.kind = kind;
        entry.amountMinor = amount;
        entry.units = units;
        entry.note = note;
        entry.actor = actor;
        entry.createdAt = now();
        return entry.persist();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
