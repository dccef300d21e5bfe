package io.facefuse.reports;

import io.facefuse.labelling.LabelResource;
import io.facefuse.support.Photos;
import io.facefuse.support.Db;
import io.facefuse.support.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A report flows from the public to an operator's revocation, which label inspection then reports. */
@QuarkusTest
class ReportsTest {

    @Inject
    DataSource dataSource;

    @Test
    void aReportAboutLabelledContentEndsInARevocationThatInspectionReports() throws Exception {
        Operator.TestApp app = Operator.createApp("reported-app");
        Response labelled = app.signer().request("POST", "/v1/labels?subjectId=user-9", Photos.bytes("sample2"), "image/jpeg")
                .post("/v1/labels?subjectId=user-9");
        String contentId = labelled.header(LabelResource.CONTENT_ID_HEADER);
        byte[] image = labelled.asByteArray();

        // the public reports it by sending the image it found
        Response receipt = RestAssured.given().contentType(ContentType.JSON).body("""
                        {"imageBase64":"%s","reason":"false_information",
                         "description":"this poster shows me at an event I never attended","contact":"me@example.com"}"""
                        .formatted(Base64.getEncoder().encodeToString(image)))
                .post("/v1/reports");
        receipt.then().statusCode(201).body("status", equalTo("open")).body("contentId", equalTo(contentId))
                .body("answerDueBy", notNullValue());
        String ticket = receipt.path("ticketId");
        Duration due = Duration.between(Instant.now(), Instant.parse(receipt.path("answerDueBy")));
        assertTrue(due.toDays() >= 5 && due.toDays() <= 9, "five working days: " + due);

        Operator.given().queryParam("status", "open").get("/v1/ops/reports")
                .then().statusCode(200).body("id", hasItem(ticket));
        Operator.given().contentType(ContentType.JSON).body("{\"assignee\":\"reviewer-2\"}")
                .post("/v1/ops/reports/" + ticket + "/assignment")
                .then().statusCode(200).body("status", equalTo("assigned")).body("assignee", equalTo("reviewer-2"));
        Operator.given().contentType(ContentType.JSON).body("""
                        {"action":"revoke_content","note":"confirmed with the subject",
                         "refutation":"This image is synthetic; the event it shows did not happen."}""")
                .post("/v1/ops/reports/" + ticket + "/resolution")
                .then().statusCode(200).body("status", equalTo("resolved")).body("resolution", equalTo("revoke_content"))
                .body("steps.action", equalTo(List.of("filed", "assigned", "resolved: revoke_content")));

        RestAssured.given().contentType("image/jpeg").body(image).post("/v1/labels/inspection")
                .then().statusCode(200).body("revoked", equalTo(true))
                .body("refutation", equalTo("This image is synthetic; the event it shows did not happen."))
                .body("trace", org.hamcrest.Matchers.nullValue());

        // an operator also sees who made it
        Operator.given().contentType("image/jpeg").body(image).post("/v1/labels/inspection")
                .then().statusCode(200)
                .body("trace.operation", hasItem("label.apply"))
                .body("trace.find { it.operation == 'label.apply' }.appId", equalTo(app.appId().toString()))
                .body("trace.find { it.operation == 'label.apply' }.subjectId", equalTo("user-9"))
                .body("trace.operation", hasItem("content.revoke"));

        Operator.given().contentType(ContentType.JSON).body("{\"action\":\"no_action\",\"note\":\"again\"}")
                .post("/v1/ops/reports/" + ticket + "/resolution")
                .then().statusCode(409).body("code", equalTo("Conflict"));
    }

    @Test
    void aReportCanEndInSuspendingTheAppThatMadeTheContent() {
        Operator.TestApp app = Operator.createApp("to-suspend");
        String contentId = app.signer().request("POST", "/v1/labels", Photos.bytes("sample3"), "image/jpeg")
                .post("/v1/labels").then().statusCode(200).extract().header(LabelResource.CONTENT_ID_HEADER);
        String ticket = RestAssured.given().contentType(ContentType.JSON).body("""
                        {"contentId":"%s","reason":"illegal_content","description":"d","contact":"c"}""".formatted(contentId))
                .post("/v1/reports").then().statusCode(201).extract().path("ticketId");
        Operator.given().contentType(ContentType.JSON).body("{\"action\":\"suspend_app\",\"note\":\"repeated abuse\"}")
                .post("/v1/ops/reports/" + ticket + "/resolution")
                .then().statusCode(200).body("resolution", equalTo("suspend_app"));
        Operator.given().get("/v1/ops/apps/" + app.appId()).then().body("status", equalTo("suspended"))
                .body("statusReason", org.hamcrest.Matchers.containsString("repeated abuse"));
        app.signer().request("GET", "/v1/app", null).get("/v1/app")
                .then().statusCode(403).body("code", equalTo("AppSuspended"));
    }

    @Test
    void aReportCanEndInFreezingTheSubjectWhoseFaceWasUsed() {
        Operator.TestApp app = Operator.createApp("to-freeze-" + System.nanoTime());
        String contentId = app.signer().request("POST", "/v1/labels?subjectId=kim", Photos.bytes("sample3"), "image/jpeg")
                .post("/v1/labels?subjectId=kim").then().statusCode(200).extract().header(LabelResource.CONTENT_ID_HEADER);
        String ticket = RestAssured.given().contentType(ContentType.JSON).body("""
                        {"contentId":"%s","reason":"portrait_rights","description":"d","contact":"c"}""".formatted(contentId))
                .post("/v1/reports").then().statusCode(201).extract().path("ticketId");
        Operator.given().contentType(ContentType.JSON).body("{\"action\":\"freeze_subject\",\"note\":\"impersonation\"}")
                .post("/v1/ops/reports/" + ticket + "/resolution")
                .then().statusCode(200).body("resolution", equalTo("freeze_subject"));
        Operator.given().get("/v1/ops/moderation/standing/" + app.appId() + "?subjectId=kim").then().statusCode(200)
                .body("level", equalTo("frozen")).body("reason", org.hamcrest.Matchers.containsString("impersonation"));
        io.facefuse.support.Moderation.internalCheck(app.appId(), Photos.bytes("sample1"), "image/jpeg",
                "role=output&subjectId=kim").then().statusCode(403).body("code", equalTo("SubjectFrozen"));
        // content labelled without a subject cannot be resolved that way, and the ticket stays open
        String anonymous = app.signer().request("POST", "/v1/labels", Photos.bytes("sample3"), "image/jpeg")
                .post("/v1/labels").then().statusCode(200).extract().header(LabelResource.CONTENT_ID_HEADER);
        String other = RestAssured.given().contentType(ContentType.JSON).body("""
                        {"contentId":"%s","reason":"portrait_rights","description":"d","contact":"c"}""".formatted(anonymous))
                .post("/v1/reports").then().statusCode(201).extract().path("ticketId");
        Operator.given().contentType(ContentType.JSON).body("{\"action\":\"freeze_subject\",\"note\":\"x\"}")
                .post("/v1/ops/reports/" + other + "/resolution").then().statusCode(409).body("code", equalTo("Conflict"));
        Operator.given().get("/v1/ops/reports/" + other).then().body("status", equalTo("open"));
    }

    @Test
    void aReportByContentIdWithNoActionLeavesTheContentStanding() {
        String ticket = RestAssured.given().contentType(ContentType.JSON).body("""
                        {"contentId":"ffc_unknown-content","reason":"portrait_rights",
                         "description":"uses my face","contact":"+86 10 0000 0000"}""")
                .post("/v1/reports").then().statusCode(201).extract().path("ticketId");
        Operator.given().contentType(ContentType.JSON).body("{\"action\":\"no_action\",\"note\":\"not our content\"}")
                .post("/v1/ops/reports/" + ticket + "/resolution")
                .then().statusCode(200).body("resolution", equalTo("no_action"));
        assertEquals(0, new Db(dataSource).count("select count(*) from content_revocation where content_id = 'ffc_unknown-content'"));
    }

    @Test
    void malformedReportsAreRefusedAndWriteNothing() {
        Db db = new Db(dataSource);
        long tickets = db.count("select count(*) from report_ticket");
        RestAssured.given().contentType(ContentType.JSON)
                .body("{\"reason\":\"other\",\"description\":\"x\",\"contact\":\"y\"}").post("/v1/reports")
                .then().statusCode(400).body("code", equalTo("ValidationFailed"));
        RestAssured.given().contentType(ContentType.JSON)
                .body("{\"contentId\":\"ffc_x\",\"reason\":\"dislike\",\"description\":\"x\",\"contact\":\"y\"}").post("/v1/reports")
                .then().statusCode(400).body("code", equalTo("MalformedJson"));
        RestAssured.given().contentType(ContentType.JSON)
                .body("{\"contentId\":\"not an id\",\"reason\":\"other\",\"description\":\"x\",\"contact\":\"y\"}").post("/v1/reports")
                .then().statusCode(400).body("code", equalTo("ValidationFailed"));
        RestAssured.given().contentType(ContentType.JSON)
                .body("{\"imageBase64\":\"***\",\"reason\":\"other\",\"description\":\"x\",\"contact\":\"y\"}").post("/v1/reports")
                .then().statusCode(400).body("code", equalTo("ValidationFailed"));
        RestAssured.given().get("/v1/ops/reports").then().statusCode(401).body("code", equalTo("OperatorCredentialRequired"));
        RestAssured.given().header("X-Facefuse-Operator-Token", "wrong").contentType("image/jpeg").body(new byte[]{(byte) 0xff, (byte) 0xd8, 1})
                .post("/v1/labels/inspection").then().statusCode(401);
        assertEquals(tickets, db.count("select count(*) from report_ticket"));
    }

    @Test
    void answerDeadlinesCountWorkingDaysOnly() {
        Instant friday = Instant.parse("2026-11-27T02:00:00Z"); // 10:00 Friday in China
        assertEquals(Instant.parse("2026-12-04T02:00:00Z"), ReportService.addWorkingDays(friday, 5));
        Instant saturday = Instant.parse("2026-11-28T02:00:00Z");
        assertEquals(Instant.parse("2026-11-30T02:00:00Z"), ReportService.addWorkingDays(saturday, 1));
    }
}
