/** Approval (REQUIRE_CONFIRMATION) through pattern B's real handler, sessions and bookings in DynamoDB (dynalite). */
import { expect, it } from 'vitest';
import { approvalInDynamo } from '../../../shared/runtime/test/approval-harness';
import { buildPatternB } from '../src/pattern';

approvalInDynamo('b', buildPatternB, { it, expect });
