// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from './google/protobuf/Duration.js';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.js';
import type { AcceptRequest as _mediavigil_v1_AcceptRequest, AcceptRequest__Output as _mediavigil_v1_AcceptRequest__Output } from './mediavigil/v1/AcceptRequest.js';
import type { AcceptResponse as _mediavigil_v1_AcceptResponse, AcceptResponse__Output as _mediavigil_v1_AcceptResponse__Output } from './mediavigil/v1/AcceptResponse.js';
import type { CancelSweepRequest as _mediavigil_v1_CancelSweepRequest, CancelSweepRequest__Output as _mediavigil_v1_CancelSweepRequest__Output } from './mediavigil/v1/CancelSweepRequest.js';
import type { CancelSweepResponse as _mediavigil_v1_CancelSweepResponse, CancelSweepResponse__Output as _mediavigil_v1_CancelSweepResponse__Output } from './mediavigil/v1/CancelSweepResponse.js';
import type { ContentHash as _mediavigil_v1_ContentHash, ContentHash__Output as _mediavigil_v1_ContentHash__Output } from './mediavigil/v1/ContentHash.js';
import type { CreateIgnoreRuleRequest as _mediavigil_v1_CreateIgnoreRuleRequest, CreateIgnoreRuleRequest__Output as _mediavigil_v1_CreateIgnoreRuleRequest__Output } from './mediavigil/v1/CreateIgnoreRuleRequest.js';
import type { CreateIgnoreRuleResponse as _mediavigil_v1_CreateIgnoreRuleResponse, CreateIgnoreRuleResponse__Output as _mediavigil_v1_CreateIgnoreRuleResponse__Output } from './mediavigil/v1/CreateIgnoreRuleResponse.js';
import type { DeleteIgnoreRuleRequest as _mediavigil_v1_DeleteIgnoreRuleRequest, DeleteIgnoreRuleRequest__Output as _mediavigil_v1_DeleteIgnoreRuleRequest__Output } from './mediavigil/v1/DeleteIgnoreRuleRequest.js';
import type { DeleteIgnoreRuleResponse as _mediavigil_v1_DeleteIgnoreRuleResponse, DeleteIgnoreRuleResponse__Output as _mediavigil_v1_DeleteIgnoreRuleResponse__Output } from './mediavigil/v1/DeleteIgnoreRuleResponse.js';
import type { DuplicateGroup as _mediavigil_v1_DuplicateGroup, DuplicateGroup__Output as _mediavigil_v1_DuplicateGroup__Output } from './mediavigil/v1/DuplicateGroup.js';
import type { Event as _mediavigil_v1_Event, Event__Output as _mediavigil_v1_Event__Output } from './mediavigil/v1/Event.js';
import type { ExportRequest as _mediavigil_v1_ExportRequest, ExportRequest__Output as _mediavigil_v1_ExportRequest__Output } from './mediavigil/v1/ExportRequest.js';
import type { ExportResponse as _mediavigil_v1_ExportResponse, ExportResponse__Output as _mediavigil_v1_ExportResponse__Output } from './mediavigil/v1/ExportResponse.js';
import type { File as _mediavigil_v1_File, File__Output as _mediavigil_v1_File__Output } from './mediavigil/v1/File.js';
import type { FileFilter as _mediavigil_v1_FileFilter, FileFilter__Output as _mediavigil_v1_FileFilter__Output } from './mediavigil/v1/FileFilter.js';
import type { FindRestoreCopyRequest as _mediavigil_v1_FindRestoreCopyRequest, FindRestoreCopyRequest__Output as _mediavigil_v1_FindRestoreCopyRequest__Output } from './mediavigil/v1/FindRestoreCopyRequest.js';
import type { FindRestoreCopyResponse as _mediavigil_v1_FindRestoreCopyResponse, FindRestoreCopyResponse__Output as _mediavigil_v1_FindRestoreCopyResponse__Output } from './mediavigil/v1/FindRestoreCopyResponse.js';
import type { FinishRestoreRequest as _mediavigil_v1_FinishRestoreRequest, FinishRestoreRequest__Output as _mediavigil_v1_FinishRestoreRequest__Output } from './mediavigil/v1/FinishRestoreRequest.js';
import type { FinishRestoreResponse as _mediavigil_v1_FinishRestoreResponse, FinishRestoreResponse__Output as _mediavigil_v1_FinishRestoreResponse__Output } from './mediavigil/v1/FinishRestoreResponse.js';
import type { GetFileRequest as _mediavigil_v1_GetFileRequest, GetFileRequest__Output as _mediavigil_v1_GetFileRequest__Output } from './mediavigil/v1/GetFileRequest.js';
import type { GetFileResponse as _mediavigil_v1_GetFileResponse, GetFileResponse__Output as _mediavigil_v1_GetFileResponse__Output } from './mediavigil/v1/GetFileResponse.js';
import type { GetStatusRequest as _mediavigil_v1_GetStatusRequest, GetStatusRequest__Output as _mediavigil_v1_GetStatusRequest__Output } from './mediavigil/v1/GetStatusRequest.js';
import type { GetStatusResponse as _mediavigil_v1_GetStatusResponse, GetStatusResponse__Output as _mediavigil_v1_GetStatusResponse__Output } from './mediavigil/v1/GetStatusResponse.js';
import type { GetSweepRequest as _mediavigil_v1_GetSweepRequest, GetSweepRequest__Output as _mediavigil_v1_GetSweepRequest__Output } from './mediavigil/v1/GetSweepRequest.js';
import type { GetSweepResponse as _mediavigil_v1_GetSweepResponse, GetSweepResponse__Output as _mediavigil_v1_GetSweepResponse__Output } from './mediavigil/v1/GetSweepResponse.js';
import type { GetThumbnailRequest as _mediavigil_v1_GetThumbnailRequest, GetThumbnailRequest__Output as _mediavigil_v1_GetThumbnailRequest__Output } from './mediavigil/v1/GetThumbnailRequest.js';
import type { GetThumbnailResponse as _mediavigil_v1_GetThumbnailResponse, GetThumbnailResponse__Output as _mediavigil_v1_GetThumbnailResponse__Output } from './mediavigil/v1/GetThumbnailResponse.js';
import type { Heartbeat as _mediavigil_v1_Heartbeat, Heartbeat__Output as _mediavigil_v1_Heartbeat__Output } from './mediavigil/v1/Heartbeat.js';
import type { IgnoreRule as _mediavigil_v1_IgnoreRule, IgnoreRule__Output as _mediavigil_v1_IgnoreRule__Output } from './mediavigil/v1/IgnoreRule.js';
import type { Integration as _mediavigil_v1_Integration, Integration__Output as _mediavigil_v1_Integration__Output } from './mediavigil/v1/Integration.js';
import type { IntegrationTestResult as _mediavigil_v1_IntegrationTestResult, IntegrationTestResult__Output as _mediavigil_v1_IntegrationTestResult__Output } from './mediavigil/v1/IntegrationTestResult.js';
import type { Issue as _mediavigil_v1_Issue, Issue__Output as _mediavigil_v1_Issue__Output } from './mediavigil/v1/Issue.js';
import type { ListDuplicatesRequest as _mediavigil_v1_ListDuplicatesRequest, ListDuplicatesRequest__Output as _mediavigil_v1_ListDuplicatesRequest__Output } from './mediavigil/v1/ListDuplicatesRequest.js';
import type { ListDuplicatesResponse as _mediavigil_v1_ListDuplicatesResponse, ListDuplicatesResponse__Output as _mediavigil_v1_ListDuplicatesResponse__Output } from './mediavigil/v1/ListDuplicatesResponse.js';
import type { ListFilesRequest as _mediavigil_v1_ListFilesRequest, ListFilesRequest__Output as _mediavigil_v1_ListFilesRequest__Output } from './mediavigil/v1/ListFilesRequest.js';
import type { ListFilesResponse as _mediavigil_v1_ListFilesResponse, ListFilesResponse__Output as _mediavigil_v1_ListFilesResponse__Output } from './mediavigil/v1/ListFilesResponse.js';
import type { ListIgnoreRulesRequest as _mediavigil_v1_ListIgnoreRulesRequest, ListIgnoreRulesRequest__Output as _mediavigil_v1_ListIgnoreRulesRequest__Output } from './mediavigil/v1/ListIgnoreRulesRequest.js';
import type { ListIgnoreRulesResponse as _mediavigil_v1_ListIgnoreRulesResponse, ListIgnoreRulesResponse__Output as _mediavigil_v1_ListIgnoreRulesResponse__Output } from './mediavigil/v1/ListIgnoreRulesResponse.js';
import type { ListSweepsRequest as _mediavigil_v1_ListSweepsRequest, ListSweepsRequest__Output as _mediavigil_v1_ListSweepsRequest__Output } from './mediavigil/v1/ListSweepsRequest.js';
import type { ListSweepsResponse as _mediavigil_v1_ListSweepsResponse, ListSweepsResponse__Output as _mediavigil_v1_ListSweepsResponse__Output } from './mediavigil/v1/ListSweepsResponse.js';
import type { MediaTools as _mediavigil_v1_MediaTools, MediaTools__Output as _mediavigil_v1_MediaTools__Output } from './mediavigil/v1/MediaTools.js';
import type { MediaVigilClient as _mediavigil_v1_MediaVigilClient, MediaVigilDefinition as _mediavigil_v1_MediaVigilDefinition } from './mediavigil/v1/MediaVigil.js';
import type { NotificationTarget as _mediavigil_v1_NotificationTarget, NotificationTarget__Output as _mediavigil_v1_NotificationTarget__Output } from './mediavigil/v1/NotificationTarget.js';
import type { NotificationTestResult as _mediavigil_v1_NotificationTestResult, NotificationTestResult__Output as _mediavigil_v1_NotificationTestResult__Output } from './mediavigil/v1/NotificationTestResult.js';
import type { ParityCoverage as _mediavigil_v1_ParityCoverage, ParityCoverage__Output as _mediavigil_v1_ParityCoverage__Output } from './mediavigil/v1/ParityCoverage.js';
import type { PauseRequest as _mediavigil_v1_PauseRequest, PauseRequest__Output as _mediavigil_v1_PauseRequest__Output } from './mediavigil/v1/PauseRequest.js';
import type { PauseResponse as _mediavigil_v1_PauseResponse, PauseResponse__Output as _mediavigil_v1_PauseResponse__Output } from './mediavigil/v1/PauseResponse.js';
import type { ProbeSummary as _mediavigil_v1_ProbeSummary, ProbeSummary__Output as _mediavigil_v1_ProbeSummary__Output } from './mediavigil/v1/ProbeSummary.js';
import type { ReadRestoreCopyRequest as _mediavigil_v1_ReadRestoreCopyRequest, ReadRestoreCopyRequest__Output as _mediavigil_v1_ReadRestoreCopyRequest__Output } from './mediavigil/v1/ReadRestoreCopyRequest.js';
import type { ReadRestoreCopyResponse as _mediavigil_v1_ReadRestoreCopyResponse, ReadRestoreCopyResponse__Output as _mediavigil_v1_ReadRestoreCopyResponse__Output } from './mediavigil/v1/ReadRestoreCopyResponse.js';
import type { RecheckRequest as _mediavigil_v1_RecheckRequest, RecheckRequest__Output as _mediavigil_v1_RecheckRequest__Output } from './mediavigil/v1/RecheckRequest.js';
import type { RecheckResponse as _mediavigil_v1_RecheckResponse, RecheckResponse__Output as _mediavigil_v1_RecheckResponse__Output } from './mediavigil/v1/RecheckResponse.js';
import type { ReplaceRequest as _mediavigil_v1_ReplaceRequest, ReplaceRequest__Output as _mediavigil_v1_ReplaceRequest__Output } from './mediavigil/v1/ReplaceRequest.js';
import type { ReplaceResponse as _mediavigil_v1_ReplaceResponse, ReplaceResponse__Output as _mediavigil_v1_ReplaceResponse__Output } from './mediavigil/v1/ReplaceResponse.js';
import type { ReplaceResult as _mediavigil_v1_ReplaceResult, ReplaceResult__Output as _mediavigil_v1_ReplaceResult__Output } from './mediavigil/v1/ReplaceResult.js';
import type { ResumeRequest as _mediavigil_v1_ResumeRequest, ResumeRequest__Output as _mediavigil_v1_ResumeRequest__Output } from './mediavigil/v1/ResumeRequest.js';
import type { ResumeResponse as _mediavigil_v1_ResumeResponse, ResumeResponse__Output as _mediavigil_v1_ResumeResponse__Output } from './mediavigil/v1/ResumeResponse.js';
import type { Root as _mediavigil_v1_Root, Root__Output as _mediavigil_v1_Root__Output } from './mediavigil/v1/Root.js';
import type { StartSweepRequest as _mediavigil_v1_StartSweepRequest, StartSweepRequest__Output as _mediavigil_v1_StartSweepRequest__Output } from './mediavigil/v1/StartSweepRequest.js';
import type { StartSweepResponse as _mediavigil_v1_StartSweepResponse, StartSweepResponse__Output as _mediavigil_v1_StartSweepResponse__Output } from './mediavigil/v1/StartSweepResponse.js';
import type { StreamSummary as _mediavigil_v1_StreamSummary, StreamSummary__Output as _mediavigil_v1_StreamSummary__Output } from './mediavigil/v1/StreamSummary.js';
import type { Sweep as _mediavigil_v1_Sweep, Sweep__Output as _mediavigil_v1_Sweep__Output } from './mediavigil/v1/Sweep.js';
import type { SweepProgress as _mediavigil_v1_SweepProgress, SweepProgress__Output as _mediavigil_v1_SweepProgress__Output } from './mediavigil/v1/SweepProgress.js';
import type { TestIntegrationsRequest as _mediavigil_v1_TestIntegrationsRequest, TestIntegrationsRequest__Output as _mediavigil_v1_TestIntegrationsRequest__Output } from './mediavigil/v1/TestIntegrationsRequest.js';
import type { TestIntegrationsResponse as _mediavigil_v1_TestIntegrationsResponse, TestIntegrationsResponse__Output as _mediavigil_v1_TestIntegrationsResponse__Output } from './mediavigil/v1/TestIntegrationsResponse.js';
import type { TestNotificationsRequest as _mediavigil_v1_TestNotificationsRequest, TestNotificationsRequest__Output as _mediavigil_v1_TestNotificationsRequest__Output } from './mediavigil/v1/TestNotificationsRequest.js';
import type { TestNotificationsResponse as _mediavigil_v1_TestNotificationsResponse, TestNotificationsResponse__Output as _mediavigil_v1_TestNotificationsResponse__Output } from './mediavigil/v1/TestNotificationsResponse.js';
import type { VerdictCounts as _mediavigil_v1_VerdictCounts, VerdictCounts__Output as _mediavigil_v1_VerdictCounts__Output } from './mediavigil/v1/VerdictCounts.js';
import type { WatchEventsRequest as _mediavigil_v1_WatchEventsRequest, WatchEventsRequest__Output as _mediavigil_v1_WatchEventsRequest__Output } from './mediavigil/v1/WatchEventsRequest.js';
import type { WatchEventsResponse as _mediavigil_v1_WatchEventsResponse, WatchEventsResponse__Output as _mediavigil_v1_WatchEventsResponse__Output } from './mediavigil/v1/WatchEventsResponse.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Duration: MessageTypeDefinition<_google_protobuf_Duration, _google_protobuf_Duration__Output>
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
  mediavigil: {
    v1: {
      AcceptRequest: MessageTypeDefinition<_mediavigil_v1_AcceptRequest, _mediavigil_v1_AcceptRequest__Output>
      AcceptResponse: MessageTypeDefinition<_mediavigil_v1_AcceptResponse, _mediavigil_v1_AcceptResponse__Output>
      CancelSweepRequest: MessageTypeDefinition<_mediavigil_v1_CancelSweepRequest, _mediavigil_v1_CancelSweepRequest__Output>
      CancelSweepResponse: MessageTypeDefinition<_mediavigil_v1_CancelSweepResponse, _mediavigil_v1_CancelSweepResponse__Output>
      ContentHash: MessageTypeDefinition<_mediavigil_v1_ContentHash, _mediavigil_v1_ContentHash__Output>
      CreateIgnoreRuleRequest: MessageTypeDefinition<_mediavigil_v1_CreateIgnoreRuleRequest, _mediavigil_v1_CreateIgnoreRuleRequest__Output>
      CreateIgnoreRuleResponse: MessageTypeDefinition<_mediavigil_v1_CreateIgnoreRuleResponse, _mediavigil_v1_CreateIgnoreRuleResponse__Output>
      DeleteIgnoreRuleRequest: MessageTypeDefinition<_mediavigil_v1_DeleteIgnoreRuleRequest, _mediavigil_v1_DeleteIgnoreRuleRequest__Output>
      DeleteIgnoreRuleResponse: MessageTypeDefinition<_mediavigil_v1_DeleteIgnoreRuleResponse, _mediavigil_v1_DeleteIgnoreRuleResponse__Output>
      DuplicateGroup: MessageTypeDefinition<_mediavigil_v1_DuplicateGroup, _mediavigil_v1_DuplicateGroup__Output>
      Event: MessageTypeDefinition<_mediavigil_v1_Event, _mediavigil_v1_Event__Output>
      ExportFormat: EnumTypeDefinition
      ExportRequest: MessageTypeDefinition<_mediavigil_v1_ExportRequest, _mediavigil_v1_ExportRequest__Output>
      ExportResponse: MessageTypeDefinition<_mediavigil_v1_ExportResponse, _mediavigil_v1_ExportResponse__Output>
      File: MessageTypeDefinition<_mediavigil_v1_File, _mediavigil_v1_File__Output>
      FileFilter: MessageTypeDefinition<_mediavigil_v1_FileFilter, _mediavigil_v1_FileFilter__Output>
      FileState: EnumTypeDefinition
      FindRestoreCopyRequest: MessageTypeDefinition<_mediavigil_v1_FindRestoreCopyRequest, _mediavigil_v1_FindRestoreCopyRequest__Output>
      FindRestoreCopyResponse: MessageTypeDefinition<_mediavigil_v1_FindRestoreCopyResponse, _mediavigil_v1_FindRestoreCopyResponse__Output>
      FinishRestoreRequest: MessageTypeDefinition<_mediavigil_v1_FinishRestoreRequest, _mediavigil_v1_FinishRestoreRequest__Output>
      FinishRestoreResponse: MessageTypeDefinition<_mediavigil_v1_FinishRestoreResponse, _mediavigil_v1_FinishRestoreResponse__Output>
      GetFileRequest: MessageTypeDefinition<_mediavigil_v1_GetFileRequest, _mediavigil_v1_GetFileRequest__Output>
      GetFileResponse: MessageTypeDefinition<_mediavigil_v1_GetFileResponse, _mediavigil_v1_GetFileResponse__Output>
      GetStatusRequest: MessageTypeDefinition<_mediavigil_v1_GetStatusRequest, _mediavigil_v1_GetStatusRequest__Output>
      GetStatusResponse: MessageTypeDefinition<_mediavigil_v1_GetStatusResponse, _mediavigil_v1_GetStatusResponse__Output>
      GetSweepRequest: MessageTypeDefinition<_mediavigil_v1_GetSweepRequest, _mediavigil_v1_GetSweepRequest__Output>
      GetSweepResponse: MessageTypeDefinition<_mediavigil_v1_GetSweepResponse, _mediavigil_v1_GetSweepResponse__Output>
      GetThumbnailRequest: MessageTypeDefinition<_mediavigil_v1_GetThumbnailRequest, _mediavigil_v1_GetThumbnailRequest__Output>
      GetThumbnailResponse: MessageTypeDefinition<_mediavigil_v1_GetThumbnailResponse, _mediavigil_v1_GetThumbnailResponse__Output>
      Heartbeat: MessageTypeDefinition<_mediavigil_v1_Heartbeat, _mediavigil_v1_Heartbeat__Output>
      IgnoreRule: MessageTypeDefinition<_mediavigil_v1_IgnoreRule, _mediavigil_v1_IgnoreRule__Output>
      Integration: MessageTypeDefinition<_mediavigil_v1_Integration, _mediavigil_v1_Integration__Output>
      IntegrationTestResult: MessageTypeDefinition<_mediavigil_v1_IntegrationTestResult, _mediavigil_v1_IntegrationTestResult__Output>
      Issue: MessageTypeDefinition<_mediavigil_v1_Issue, _mediavigil_v1_Issue__Output>
      ListDuplicatesRequest: MessageTypeDefinition<_mediavigil_v1_ListDuplicatesRequest, _mediavigil_v1_ListDuplicatesRequest__Output>
      ListDuplicatesResponse: MessageTypeDefinition<_mediavigil_v1_ListDuplicatesResponse, _mediavigil_v1_ListDuplicatesResponse__Output>
      ListFilesRequest: MessageTypeDefinition<_mediavigil_v1_ListFilesRequest, _mediavigil_v1_ListFilesRequest__Output>
      ListFilesResponse: MessageTypeDefinition<_mediavigil_v1_ListFilesResponse, _mediavigil_v1_ListFilesResponse__Output>
      ListIgnoreRulesRequest: MessageTypeDefinition<_mediavigil_v1_ListIgnoreRulesRequest, _mediavigil_v1_ListIgnoreRulesRequest__Output>
      ListIgnoreRulesResponse: MessageTypeDefinition<_mediavigil_v1_ListIgnoreRulesResponse, _mediavigil_v1_ListIgnoreRulesResponse__Output>
      ListSweepsRequest: MessageTypeDefinition<_mediavigil_v1_ListSweepsRequest, _mediavigil_v1_ListSweepsRequest__Output>
      ListSweepsResponse: MessageTypeDefinition<_mediavigil_v1_ListSweepsResponse, _mediavigil_v1_ListSweepsResponse__Output>
      MediaKind: EnumTypeDefinition
      MediaTools: MessageTypeDefinition<_mediavigil_v1_MediaTools, _mediavigil_v1_MediaTools__Output>
      MediaVigil: SubtypeConstructor<typeof grpc.Client, _mediavigil_v1_MediaVigilClient> & { service: _mediavigil_v1_MediaVigilDefinition }
      NotificationTarget: MessageTypeDefinition<_mediavigil_v1_NotificationTarget, _mediavigil_v1_NotificationTarget__Output>
      NotificationTestResult: MessageTypeDefinition<_mediavigil_v1_NotificationTestResult, _mediavigil_v1_NotificationTestResult__Output>
      ParityCoverage: MessageTypeDefinition<_mediavigil_v1_ParityCoverage, _mediavigil_v1_ParityCoverage__Output>
      PauseRequest: MessageTypeDefinition<_mediavigil_v1_PauseRequest, _mediavigil_v1_PauseRequest__Output>
      PauseResponse: MessageTypeDefinition<_mediavigil_v1_PauseResponse, _mediavigil_v1_PauseResponse__Output>
      ProbeSummary: MessageTypeDefinition<_mediavigil_v1_ProbeSummary, _mediavigil_v1_ProbeSummary__Output>
      ReadRestoreCopyRequest: MessageTypeDefinition<_mediavigil_v1_ReadRestoreCopyRequest, _mediavigil_v1_ReadRestoreCopyRequest__Output>
      ReadRestoreCopyResponse: MessageTypeDefinition<_mediavigil_v1_ReadRestoreCopyResponse, _mediavigil_v1_ReadRestoreCopyResponse__Output>
      RecheckRequest: MessageTypeDefinition<_mediavigil_v1_RecheckRequest, _mediavigil_v1_RecheckRequest__Output>
      RecheckResponse: MessageTypeDefinition<_mediavigil_v1_RecheckResponse, _mediavigil_v1_RecheckResponse__Output>
      ReplaceRequest: MessageTypeDefinition<_mediavigil_v1_ReplaceRequest, _mediavigil_v1_ReplaceRequest__Output>
      ReplaceResponse: MessageTypeDefinition<_mediavigil_v1_ReplaceResponse, _mediavigil_v1_ReplaceResponse__Output>
      ReplaceResult: MessageTypeDefinition<_mediavigil_v1_ReplaceResult, _mediavigil_v1_ReplaceResult__Output>
      RestoreCopyOutcome: EnumTypeDefinition
      ResumeRequest: MessageTypeDefinition<_mediavigil_v1_ResumeRequest, _mediavigil_v1_ResumeRequest__Output>
      ResumeResponse: MessageTypeDefinition<_mediavigil_v1_ResumeResponse, _mediavigil_v1_ResumeResponse__Output>
      Root: MessageTypeDefinition<_mediavigil_v1_Root, _mediavigil_v1_Root__Output>
      RootState: EnumTypeDefinition
      StartSweepRequest: MessageTypeDefinition<_mediavigil_v1_StartSweepRequest, _mediavigil_v1_StartSweepRequest__Output>
      StartSweepResponse: MessageTypeDefinition<_mediavigil_v1_StartSweepResponse, _mediavigil_v1_StartSweepResponse__Output>
      StreamSummary: MessageTypeDefinition<_mediavigil_v1_StreamSummary, _mediavigil_v1_StreamSummary__Output>
      Sweep: MessageTypeDefinition<_mediavigil_v1_Sweep, _mediavigil_v1_Sweep__Output>
      SweepProgress: MessageTypeDefinition<_mediavigil_v1_SweepProgress, _mediavigil_v1_SweepProgress__Output>
      SweepState: EnumTypeDefinition
      SweepTrigger: EnumTypeDefinition
      TestIntegrationsRequest: MessageTypeDefinition<_mediavigil_v1_TestIntegrationsRequest, _mediavigil_v1_TestIntegrationsRequest__Output>
      TestIntegrationsResponse: MessageTypeDefinition<_mediavigil_v1_TestIntegrationsResponse, _mediavigil_v1_TestIntegrationsResponse__Output>
      TestNotificationsRequest: MessageTypeDefinition<_mediavigil_v1_TestNotificationsRequest, _mediavigil_v1_TestNotificationsRequest__Output>
      TestNotificationsResponse: MessageTypeDefinition<_mediavigil_v1_TestNotificationsResponse, _mediavigil_v1_TestNotificationsResponse__Output>
      Verdict: EnumTypeDefinition
      VerdictCounts: MessageTypeDefinition<_mediavigil_v1_VerdictCounts, _mediavigil_v1_VerdictCounts__Output>
      VerifyDepth: EnumTypeDefinition
      WatchEventsRequest: MessageTypeDefinition<_mediavigil_v1_WatchEventsRequest, _mediavigil_v1_WatchEventsRequest__Output>
      WatchEventsResponse: MessageTypeDefinition<_mediavigil_v1_WatchEventsResponse, _mediavigil_v1_WatchEventsResponse__Output>
      WatchState: EnumTypeDefinition
    }
  }
}

