-- CAMEO event codes used by v_bilateral_event, with their Goldstein scores and PLOVER event types.
--
-- Sources: CAMEO codebook 1.1b3 (Schrodt, Gerner & Yilmaz) for codes and names; the standard
-- CAMEO -> Goldstein table distributed with GDELT (CAMEO.goldsteinscale.txt) for the scores; the
-- PLOVER manual (0.7b1) and OEDA's CAMEO-to-PLOVER conversion table for the event types. PLOVER
-- drops CAMEO 01 (public statements) and 02 (appeals); the statement code 010 therefore carries the
-- project's own marker COMMENT, which is not a PLOVER category.
--
-- Only the codes the view can emit are listed. The rows are upserted on every schema application,
-- so a correction made here reaches existing warehouses on their next run.
CREATE TABLE IF NOT EXISTS ref_cameo (
    cameo_code        VARCHAR PRIMARY KEY,
    cameo_name        VARCHAR NOT NULL,
    goldstein_score   DOUBLE NOT NULL CHECK (goldstein_score BETWEEN -10 AND 10),
    plover_event_type VARCHAR NOT NULL
);
COMMENT ON TABLE ref_cameo IS 'CAMEO event codes that v_bilateral_event assigns, with the CAMEO name, the Goldstein score (GDELT CAMEO-Goldstein table) and the PLOVER event type.';
COMMENT ON COLUMN ref_cameo.cameo_code IS 'CAMEO 1.1b3 event code as text, leading zero kept (''057'', ''1312'').';
COMMENT ON COLUMN ref_cameo.cameo_name IS 'Name of the code in the CAMEO 1.1b3 codebook.';
COMMENT ON COLUMN ref_cameo.goldstein_score IS 'Goldstein conflict-cooperation score of the code, -10 (most hostile) to +10 (most cooperative), from the standard CAMEO-Goldstein table.';
COMMENT ON COLUMN ref_cameo.plover_event_type IS 'PLOVER event type the code converts to (AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT, ACCUSE, REJECT, THREATEN, SANCTION, ...); COMMENT for CAMEO 01 statements, which PLOVER does not code.';

INSERT INTO ref_cameo (cameo_code, cameo_name, goldstein_score, plover_event_type) VALUES
    ('010',  'Make statement, not specified below',                                  0.0, 'COMMENT'),
    ('030',  'Express intent to cooperate, not specified below',                     4.0, 'AGREE'),
    ('0311', 'Express intent to cooperate economically',                             5.2, 'AGREE'),
    ('0312', 'Express intent to cooperate militarily',                               5.2, 'AGREE'),
    ('0314', 'Express intent to cooperate on intelligence',                          5.2, 'AGREE'),
    ('032',  'Express intent to engage in diplomatic cooperation (such as policy support)', 4.5, 'AGREE'),
    ('033',  'Express intent to provide material aid, not specified below',          5.2, 'AGREE'),
    ('0331', 'Express intent to provide economic aid',                               5.2, 'AGREE'),
    ('0332', 'Express intent to provide military aid',                               5.2, 'AGREE'),
    ('0333', 'Express intent to provide humanitarian aid',                           5.2, 'AGREE'),
    ('036',  'Express intent to meet or negotiate',                                  4.0, 'AGREE'),
    ('040',  'Consult, not specified below',                                         1.0, 'CONSULT'),
    ('041',  'Discuss by telephone',                                                 1.0, 'CONSULT'),
    ('042',  'Make a visit',                                                         1.9, 'CONSULT'),
    ('046',  'Engage in negotiation',                                                7.0, 'CONSULT'),
    ('050',  'Engage in diplomatic cooperation, not specified below',                3.5, 'SUPPORT'),
    ('057',  'Sign formal agreement',                                                8.0, 'SUPPORT'),
    ('061',  'Cooperate economically',                                               6.4, 'COOPERATE'),
    ('062',  'Cooperate militarily',                                                 7.4, 'COOPERATE'),
    ('064',  'Share intelligence or information',                                    7.0, 'COOPERATE'),
    ('070',  'Provide aid, not specified below',                                     7.0, 'AID'),
    ('071',  'Provide economic aid',                                                 7.4, 'AID'),
    ('072',  'Provide military aid',                                                 8.3, 'AID'),
    ('073',  'Provide humanitarian aid',                                             7.4, 'AID'),
    ('080',  'Yield, not specified below',                                           5.0, 'CONCEDE'),
    ('085',  'Ease economic sanctions, boycott, embargo',                            7.0, 'RETREAT'),
    ('113',  'Rally opposition against',                                            -2.0, 'ACCUSE'),
    ('120',  'Reject, not specified below',                                         -4.0, 'REJECT'),
    ('1211', 'Reject economic cooperation',                                         -4.0, 'REJECT'),
    ('1212', 'Reject military cooperation',                                         -4.0, 'REJECT'),
    ('122',  'Reject request or demand for material aid, not specified below',      -4.0, 'REJECT'),
    ('1221', 'Reject request for economic aid',                                     -4.0, 'REJECT'),
    ('1222', 'Reject request for military aid',                                     -4.0, 'REJECT'),
    ('1223', 'Reject request for humanitarian aid',                                 -4.0, 'REJECT'),
    ('125',  'Reject proposal to meet, discuss, or negotiate',                      -5.0, 'REJECT'),
    ('131',  'Threaten non-force, not specified below',                             -5.8, 'THREATEN'),
    ('1311', 'Threaten to reduce or stop aid',                                      -5.8, 'THREATEN'),
    ('1312', 'Threaten to boycott, embargo, or sanction',                           -5.8, 'THREATEN'),
    ('1313', 'Threaten to reduce or break relations',                               -5.8, 'THREATEN'),
    ('160',  'Reduce relations, not specified below',                               -4.0, 'SANCTION'),
    ('161',  'Reduce or break diplomatic relations',                                -4.0, 'SANCTION'),
    ('162',  'Reduce or stop material aid, not specified below',                    -5.6, 'SANCTION'),
    ('1621', 'Reduce or stop economic assistance',                                  -5.6, 'SANCTION'),
    ('1622', 'Reduce or stop military assistance',                                  -5.6, 'SANCTION'),
    ('1623', 'Reduce or stop humanitarian assistance',                              -5.6, 'SANCTION'),
    ('163',  'Impose embargo, boycott, or sanctions',                               -8.0, 'SANCTION'),
    ('164',  'Halt negotiations',                                                   -7.0, 'SANCTION')
ON CONFLICT (cameo_code) DO UPDATE SET
    cameo_name = excluded.cameo_name,
    goldstein_score = excluded.goldstein_score,
    plover_event_type = excluded.plover_event_type;
